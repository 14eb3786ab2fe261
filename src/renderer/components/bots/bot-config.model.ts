// The bot configuration form's values and their conversion to BotConfigInput (validated with the shared schema).
import { BotConfigInputSchema, type BotConfig } from '../../../shared/index.ts';
import type { FieldLabels, IssueLike } from '../issue-text.ts';

/** Form values (lists as one item per line, numbers as typed). */
export interface BotFormValues {
  homeserver_url: string; user_id: string; access_token: string; password: string; display_name: string; device_id: string;
  enabled: boolean; autostart: boolean; auto_join_invites: boolean; typing_indicator: boolean; encryption: boolean;
  reply_mode: 'smart' | 'mention' | 'always'; allowed_rooms: string; ignore_users: string; known_bots: string;
  max_bot_chain: string; max_replies_per_minute: string; token_budget: string;
}

const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);

/** Form values from a stored config (secrets are never shown, only whether they are set). */
export function configToForm(c: BotConfig | null): BotFormValues {
  return {
    homeserver_url: c?.homeserver_url ?? '', user_id: c?.user_id ?? '', access_token: '', password: '',
    display_name: c?.display_name ?? '', device_id: c?.device_id ?? '', enabled: c?.enabled ?? true, autostart: c?.autostart ?? false,
    auto_join_invites: c?.auto_join_invites ?? true, typing_indicator: c?.typing_indicator ?? true, encryption: c?.encryption ?? true, reply_mode: c?.reply_mode ?? 'smart',
    allowed_rooms: (c?.allowed_rooms ?? []).join('\n'), ignore_users: (c?.ignore_users ?? []).join('\n'), known_bots: (c?.known_bots ?? []).join('\n'),
    max_bot_chain: String(c?.max_bot_chain ?? 2), max_replies_per_minute: String(c?.max_replies_per_minute ?? 6), token_budget: String(c?.token_budget ?? 300),
  };
}

/** The PUT body: secrets only when typed (write-only; empty keeps the stored one). */
export function formToBotInput(v: BotFormValues): Record<string, unknown> {
  return {
    homeserver_url: v.homeserver_url.trim(), user_id: v.user_id.trim(),
    ...(v.access_token ? { access_token: v.access_token } : {}), ...(v.password ? { password: v.password } : {}),
    display_name: v.display_name.trim() || null, device_id: v.device_id.trim() || null,
    enabled: v.enabled, autostart: v.autostart, auto_join_invites: v.auto_join_invites, typing_indicator: v.typing_indicator, encryption: v.encryption,
    reply_mode: v.reply_mode, allowed_rooms: lines(v.allowed_rooms), ignore_users: lines(v.ignore_users), known_bots: lines(v.known_bots),
    max_bot_chain: Number(v.max_bot_chain), max_replies_per_minute: Number(v.max_replies_per_minute), token_budget: Number(v.token_budget),
  };
}

/** How the form names each field of the shared bot schema in its messages. */
export const BOT_FIELD_LABELS: FieldLabels = {
  homeserver_url: 'Homeserver URL', user_id: 'User ID', device_id: 'Device ID', max_replies_per_minute: 'Replies per minute',
  allowed_rooms: 'Allowed rooms', ignore_users: 'Ignored users',
};

/** Validates with the shared BotConfigInput schema; returns zod's issues with their details (empty when valid). */
export function validateBotForm(v: BotFormValues): IssueLike[] {
  const r = BotConfigInputSchema.safeParse(formToBotInput(v));
  return r.success ? [] : r.error.issues;
}
