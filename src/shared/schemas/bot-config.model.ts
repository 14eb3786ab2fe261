import { z } from 'zod';
import { IdSchema } from './common.model.ts';

/** Bot settings a caller may set; secrets are write-only. */
export const BotConfigInputSchema = z.object({
  homeserver_url: z.url({ protocol: /^https?$/ }),
  user_id: z.string().regex(/^@[^:\s]+:\S+$/, 'user_id must look like @name:server'),
  access_token: z.string().min(1).max(4096).optional(),
  password: z.string().min(1).max(1024).optional(),
  device_id: z.string().max(256).nullable().default(null),
  display_name: z.string().max(256).nullable().default(null),
  avatar_url: z.string().max(2048).nullable().default(null),
  enabled: z.boolean().default(true),
  autostart: z.boolean().default(false),
  auto_join_invites: z.boolean().default(true),
  allowed_rooms: z.array(z.string().min(1).max(256)).max(256).default([]),
  reply_mode: z.enum(['smart', 'mention', 'always']).default('smart'),
  ignore_users: z.array(z.string().min(1).max(256)).max(256).default([]),
  known_bots: z.array(z.string().min(1).max(256)).max(256).default([]),
  max_bot_chain: z.number().int().min(0).max(100).default(2),
  max_replies_per_minute: z.number().int().min(1).max(600).default(6),
  typing_indicator: z.boolean().default(true),
  /** End-to-end encryption (matrix-js-sdk Rust crypto): read and answer encrypted rooms. Off: encrypted messages get a notice. */
  encryption: z.boolean().default(true),
  token_budget: z.number().int().min(16).max(4096).default(300),
  /** Matrix users allowed to run `!persona` admin commands (status, mood, memory search, forget). */
  admins: z.array(z.string().regex(/^@[^:\s]+:\S+$/, 'admins must look like @name:server')).max(64).default([]),
});
/** Bot configuration input. */
export type BotConfigInput = z.infer<typeof BotConfigInputSchema>;

/** A stored bot configuration as every API returns it: secrets replaced by `has_*` flags. */
export const BotConfigSchema = BotConfigInputSchema.omit({ access_token: true, password: true }).extend({
  persona_id: IdSchema,
  has_access_token: z.boolean(),
  has_password: z.boolean(),
});
/** Bot configuration (public view). */
export type BotConfig = z.infer<typeof BotConfigSchema>;
