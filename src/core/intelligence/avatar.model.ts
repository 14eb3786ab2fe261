import { emotionalIntensity } from './importance.model.ts';
import { valence } from './emotion.model.ts';
import { isGreeting } from './offline-responder.model.ts';

// Avatar cues derived from a persona's own reply (intelligence.md §9).

/** The gesture a reply triggers (first match), or null. */
export function gestureForReply(reply: string): string | null {
  const v = valence(reply);
  const e = emotionalIntensity(reply);
  if (isGreeting(reply)) return 'wave';
  if (v >= 0.6 && e >= 0.6) return 'cheer';
  if (v <= -0.3) return 'shake_head';
  if (reply.includes('?')) return 'head_tilt';
  if (v >= 0.3) return 'nod';
  return null;
}

/** Intensity after a reply: max(0.3, E(reply)). */
export function intensityForReply(reply: string): number {
  return Math.max(0.3, emotionalIntensity(reply));
}

/** Auto animation tags from state: `low_energy` when the social battery is ≤ 0.15, `in_conversation` when talking. */
export function autoTags(socialBattery: number, inConversation: boolean): string[] {
  return [...(socialBattery <= 0.15 ? ['low_energy'] : []), ...(inConversation ? ['in_conversation'] : [])];
}

/** Gesture lifetime of automatic gestures. */
export const AUTO_GESTURE_MS = 3000;
