import { describe, expect, it } from 'vitest';
import {
  AUTO_GESTURE_MS, animationTags, autoTags, effectiveVisualState, gestureForReply, initialVisual, intensityForReply, visualAfterTurn,
  visualAutoTags, visualChanged, visualManualUpdate, visualSpeaking, type TurnCue,
} from '../../../../src/core/emotion/avatar.model.ts';
import { NOW, at } from '../fixtures.ts';

const cue = (over: Partial<TurnCue> = {}): TurnCue => ({
  reply: 'Hello there, Bob!', emotion: 'content', gaze_target: 'matrix:@bob:localhost', social_battery: 0.75, in_conversation: false, ...over,
});
const assets = [{ type: 'emotion', name: 'excited', uri: 'https://x/excited.png' }, { type: 'icon', name: 'content', uri: 'https://x/icon.png' }];

describe('gesture and intensity from a reply', () => {
  it.each([
    ['Hello again, Bob.', 'wave'],
    ['Good evening! Welcome back.', 'wave'],
    ['This is WONDERFUL, I love it!!', 'cheer'],
    ['I hate this awful place.', 'shake_head'],
    ['Where did you hear that?', 'head_tilt'],
    ['That is a good idea.', 'nod'],
    ['The mill is by the river.', null],
  ] as const)('%s → %s', (reply, gesture) => {
    expect(gestureForReply(reply)).toBe(gesture);
  });

  it('intensity = max(0.3, E(reply))', () => {
    expect(intensityForReply('The mill is by the river.')).toBe(0.3);
    expect(intensityForReply('I love it!!')).toBe(0.9);
  });

  it('auto tags: low_energy at battery ≤ .15, in_conversation; effective tags = manual ∪ auto (+ speaking)', () => {
    expect(autoTags(0.15, true)).toEqual(['low_energy', 'in_conversation']);
    expect(autoTags(0.16, false)).toEqual([]);
    expect(animationTags(['dance', 'low_energy'], ['low_energy', 'in_conversation'], true)).toEqual(['dance', 'low_energy', 'in_conversation', 'speaking']);
  });
});

describe('visual record updates', () => {
  it('after a turn: auto expression, intensity, gaze, tags; gesture with seq + 1 expiring after 3 000 ms', () => {
    const r = visualAfterTurn(initialVisual('content', NOW), cue({ emotion: 'excited', social_battery: 0.1, in_conversation: true }), NOW);
    expect(r.auto).toEqual({ expression: 'excited', intensity: 0.4, gaze_target: 'matrix:@bob:localhost', speaking: false, tags: ['low_energy', 'in_conversation'] });
    expect([r.gesture, r.gesture_source, r.gesture_seq, r.gesture_expires_at]).toEqual(['wave', 'auto', 1, at(AUTO_GESTURE_MS / 1000).toISOString()]);
    const again = visualAfterTurn(r, cue(), at(10));
    expect(again.gesture_seq).toBe(2);
    const quiet = visualAfterTurn(again, cue({ reply: 'The mill is by the river.' }), at(20));
    expect([quiet.gesture, quiet.gesture_seq]).toEqual(['wave', 2]);
    expect(effectiveVisualState(quiet, [], at(20)).gesture).toBeNull();
  });

  it('speaking on/off: the flag and the speaking tag follow', () => {
    const on = visualSpeaking(initialVisual('content', NOW), true, NOW);
    expect(effectiveVisualState(on, [], NOW)).toMatchObject({ speaking: true, animation_tags: ['speaking'] });
    const off = visualSpeaking(on, false, at(1));
    expect(effectiveVisualState(off, [], at(1))).toMatchObject({ speaking: false, animation_tags: [] });
    expect(effectiveVisualState(off, [], at(1), true).speaking).toBe(true);
    expect(visualAutoTags(off, 0.1, false, at(2)).auto.tags).toEqual(['low_energy']);
  });

  it('visual.update: manual fields win until expiry, gesture bumps seq, then everything is auto again', () => {
    const auto = visualAfterTurn(initialVisual('content', NOW), cue({ emotion: 'excited' }), NOW);
    const manual = visualManualUpdate(auto, { expression: 'surprised', gesture: 'point', animation_tags: ['dance'], gaze_target: null, intensity: 0.9, expires_in_ms: 5000 }, at(1));
    const during = effectiveVisualState(manual, assets, at(3));
    expect(during).toMatchObject({
      expression: 'surprised', expression_source: 'manual', expression_asset: null, gesture: 'point', gesture_seq: 2,
      animation_tags: ['dance'], gaze_target: null, intensity: 0.9, manual_until: at(6).toISOString(),
    });
    const afterwards = effectiveVisualState(manual, assets, at(6));
    expect(afterwards).toMatchObject({
      expression: 'excited', expression_source: 'auto', expression_asset: { uri: 'https://x/excited.png', name: 'excited' }, gesture: null,
      gesture_seq: 2, animation_tags: [], gaze_target: 'matrix:@bob:localhost', intensity: 0.4, manual_until: null,
    });
  });

  it('a manual expression survives later turns (auto changes underneath); no expiry = until reset', () => {
    const manual = visualManualUpdate(initialVisual('content', NOW), { expression: 'smug' }, NOW);
    expect(manual.manual_until).toBeNull();
    const later = visualAfterTurn(manual, cue({ emotion: 'sad', reply: 'I hate this.' }), at(3600));
    expect(effectiveVisualState(later, [], at(7200))).toMatchObject({ expression: 'smug', expression_source: 'manual', gesture: null });
    const merged = visualManualUpdate(later, { intensity: 0.2 }, at(7200));
    expect(merged.manual).toEqual({ expression: 'smug', intensity: 0.2 });
    const reset = visualManualUpdate(merged, { reset: true }, at(7201));
    expect(effectiveVisualState(reset, [], at(7201))).toMatchObject({ expression: 'sad', expression_source: 'auto', intensity: 0.9 });
  });

  it('an expired manual set is not carried into the next update; reset drops a manual gesture; legacy data keys apply', () => {
    const first = visualManualUpdate(initialVisual('content', NOW), { expression: 'smug', expires_in_ms: 1000 }, NOW);
    const second = visualManualUpdate(first, { intensity: 0.8 }, at(5));
    expect(second.manual).toEqual({ intensity: 0.8 });
    const gesture = visualManualUpdate(second, { gesture: 'bow' }, at(6));
    expect([gesture.gesture, gesture.gesture_source, gesture.gesture_seq]).toEqual(['bow', 'manual', 1]);
    const reset = visualManualUpdate(gesture, { reset: true }, at(7));
    expect([reset.gesture, reset.gesture_seq, reset.manual, reset.manual_until]).toEqual([null, 1, {}, null]);
    const legacy = visualManualUpdate(reset, { data: { expression: 'angry', speaking: true }, expression: 'sad' }, at(8));
    expect(legacy.manual).toEqual({ expression: 'sad', speaking: true });
  });

  it('visualChanged ignores updated_at only', () => {
    const r = initialVisual('content', NOW);
    const a = effectiveVisualState(r, [], NOW);
    expect(visualChanged(a, { ...a, updated_at: at(5).toISOString() })).toBe(false);
    expect(visualChanged(a, { ...a, gesture_seq: 1 })).toBe(true);
  });
});
