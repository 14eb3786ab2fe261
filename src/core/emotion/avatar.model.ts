import type { VisualManualFields, VisualRecord, VisualState } from '../../shared/index.ts';
import { emotionalIntensity } from '../memory/importance.model.ts';
import { valence } from './emotion.model.ts';
import { isGreeting } from '../chat/offline-responder.model.ts';

// Avatar cues: the persisted record keeps auto cues and manual overrides
// apart; the effective state a client renders is derived from it at a given time. Pure functions.

/** Gesture lifetime of automatic gestures (ms). */
export const AUTO_GESTURE_MS = 3000;
/** Floor of the auto intensity after a reply. */
export const MIN_REPLY_INTENSITY = 0.3;
/** Social battery at or below which `low_energy` is an auto tag. */
export const LOW_ENERGY_BATTERY = 0.15;

/** The gesture a reply triggers (first matching gesture rule), or null. */
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
  return Math.max(MIN_REPLY_INTENSITY, emotionalIntensity(reply));
}

/** Auto looping tags from state: `low_energy` when the social battery is ≤ 0.15, `in_conversation` when talking. */
export function autoTags(socialBattery: number, inConversation: boolean): string[] {
  return [...(socialBattery <= LOW_ENERGY_BATTERY ? ['low_energy'] : []), ...(inConversation ? ['in_conversation'] : [])];
}

/** Effective animation tags: manual ∪ auto ∪ (`speaking` while speaking), first occurrence order, no duplicates. */
export function animationTags(manual: readonly string[], auto: readonly string[], speaking: boolean): string[] {
  return [...new Set([...manual, ...auto, ...(speaking ? ['speaking'] : [])])];
}

/** A new persona's record: auto expression = its emotion label, intensity 0.3, nothing manual. */
export function initialVisual(expression: string, now: Date): VisualRecord {
  return {
    auto: { expression, intensity: MIN_REPLY_INTENSITY, gaze_target: null, speaking: false, tags: [] },
    manual: {},
    manual_until: null,
    gesture: null,
    gesture_source: 'auto',
    gesture_seq: 0,
    gesture_expires_at: null,
    updated_at: now.toISOString(),
  };
}

/** What a finished turn of the persona tells the avatar. */
export interface TurnCue {
  reply: string;
  /** Emotion label after the turn; a manual expression still wins while active. */
  emotion: string;
  /** The entity the reply answered (participant key or `persona:{id}`). */
  gaze_target: string | null;
  social_battery: number;
  in_conversation: boolean;
}

/**
 * After-turn update: auto expression, intensity max(.3, E), gaze, tags and `speaking` off; a gesture
 * from the reply bumps `gesture_seq` and expires after 3 000 ms. Manual fields are left as they are.
 */
export function visualAfterTurn(record: VisualRecord, cue: TurnCue, now: Date): VisualRecord {
  const next: VisualRecord = {
    ...record,
    auto: {
      expression: cue.emotion,
      intensity: intensityForReply(cue.reply),
      gaze_target: cue.gaze_target,
      speaking: false,
      tags: autoTags(cue.social_battery, cue.in_conversation),
    },
    updated_at: now.toISOString(),
  };
  const gesture = gestureForReply(cue.reply);
  if (gesture) {
    next.gesture = gesture;
    next.gesture_source = 'auto';
    next.gesture_seq = record.gesture_seq + 1;
    next.gesture_expires_at = new Date(now.getTime() + AUTO_GESTURE_MS).toISOString();
  }
  return next;
}

/** A reply starts (`on`) or ends: auto `speaking` (and with it the `speaking` tag) follows. */
export function visualSpeaking(record: VisualRecord, on: boolean, now: Date): VisualRecord {
  return { ...record, auto: { ...record.auto, speaking: on }, updated_at: now.toISOString() };
}

/** Auto tags recomputed from state (social battery, conversation), e.g. after energy changed. */
export function visualAutoTags(record: VisualRecord, socialBattery: number, inConversation: boolean, now: Date): VisualRecord {
  return { ...record, auto: { ...record.auto, tags: autoTags(socialBattery, inConversation) }, updated_at: now.toISOString() };
}

/** `visual.update` params: manual fields plus expiry, reset and the legacy `data`. */
export type VisualUpdate = VisualManualFields & { expires_in_ms?: number | null; reset?: boolean; data?: Record<string, unknown> };

const MANUAL_KEYS = ['expression', 'animation_tags', 'gaze_target', 'intensity', 'speaking'] as const;

const manualActive = (record: VisualRecord, now: Date): boolean =>
  record.manual_until === null || Date.parse(record.manual_until) > now.getTime();

/**
 * `visual.update`: given fields become manual (merged over still-active manual ones; explicit params
 * win over legacy `data` keys), manual_until = now + expires_in_ms or null; a gesture bumps
 * `gesture_seq` and lasts as long. `reset` drops every manual value and a manual gesture.
 */
export function visualManualUpdate(record: VisualRecord, params: VisualUpdate, now: Date): VisualRecord {
  const at = now.toISOString();
  if (params.reset) {
    const gestureGone = record.gesture_source === 'manual';
    return {
      ...record, manual: {}, manual_until: null, updated_at: at,
      ...(gestureGone ? { gesture: null, gesture_expires_at: null, gesture_source: 'auto' as const } : {}),
    };
  }
  const fields: Record<string, unknown> = { ...(params.data ?? {}), ...params };
  const manual: Record<string, unknown> = { ...(manualActive(record, now) ? record.manual : {}) };
  for (const key of MANUAL_KEYS) if (fields[key] !== undefined) manual[key] = fields[key];
  const ms = typeof fields.expires_in_ms === 'number' && fields.expires_in_ms > 0 ? fields.expires_in_ms : null;
  const next: VisualRecord = {
    ...record,
    manual: manual as VisualRecord['manual'],
    manual_until: ms === null ? null : new Date(now.getTime() + ms).toISOString(),
    updated_at: at,
  };
  if (typeof fields.gesture === 'string') {
    next.gesture = fields.gesture;
    next.gesture_source = 'manual';
    next.gesture_seq = record.gesture_seq + 1;
    next.gesture_expires_at = next.manual_until;
  }
  return next;
}

/** A card asset (`type:"emotion"` ones named after expressions give `expression_asset`). */
export interface VisualAsset {
  type?: unknown;
  uri?: unknown;
  name?: unknown;
}

/**
 * The effective state at `now`: manual fields win until `manual_until`, the gesture shows until it
 * expires, tags are manual ∪ auto (+ `speaking`); `speakingNow` marks a reply in progress.
 */
export function effectiveVisualState(record: VisualRecord, assets: readonly VisualAsset[], now: Date, speakingNow = false): VisualState {
  const active = manualActive(record, now);
  const manual = active ? record.manual : {};
  const gestureLive = record.gesture !== null && (record.gesture_expires_at === null || Date.parse(record.gesture_expires_at) > now.getTime());
  const expression = manual.expression ?? record.auto.expression;
  const asset = assets.find((a) => a.type === 'emotion' && a.name === expression && typeof a.uri === 'string');
  const speaking = manual.speaking ?? (record.auto.speaking || speakingNow);
  return {
    expression,
    expression_source: manual.expression !== undefined ? 'manual' : 'auto',
    expression_asset: asset ? { uri: asset.uri as string, name: expression } : null,
    gesture: gestureLive ? record.gesture : null,
    gesture_seq: record.gesture_seq,
    gesture_expires_at: gestureLive ? record.gesture_expires_at : null,
    animation_tags: animationTags(manual.animation_tags ?? [], record.auto.tags, speaking),
    gaze_target: manual.gaze_target !== undefined ? manual.gaze_target : record.auto.gaze_target,
    intensity: manual.intensity ?? record.auto.intensity,
    speaking,
    manual_until: active ? record.manual_until : null,
    updated_at: record.updated_at,
  };
}

/** True when two effective states differ in anything a client renders (`updated_at` ignored). */
export function visualChanged(a: VisualState, b: VisualState): boolean {
  const strip = (v: VisualState) => JSON.stringify({ ...v, updated_at: null });
  return strip(a) !== strip(b);
}
