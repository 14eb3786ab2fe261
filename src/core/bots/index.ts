/** Bot configurations and credentials (the bot processes themselves live in src/services/bot). */
export * from './bot-config.service.ts';
export * from './reply-policy.model.ts';
