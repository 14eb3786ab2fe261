/** The Matrix bot of one persona: createMatrixBot and its parts (the process entry is entry.ts). */
export { createMatrixBot, type MatrixBot, type MatrixBotDeps } from './matrix-bot.ts';
export { createSdkTransport, toCallFailure, type MatrixTransport, type SdkTransportOptions, type TransportHandlers, type UndecryptableEvent } from './matrix-transport.ts';
export { createCryptoStorePersistence, type CryptoStorePersistence, type CryptoStoreOptions, type IdbFactory } from './crypto-store.ts';
export { createBotNotices, undecryptableNotice, BUSY_NOTICE, type BotNotices } from './bot-notices.ts';
export {
  createLoopGuard, createRateLimitRetryPolicy, createReplyRateLimiter, withRetry,
  type CallFailure, type LoopGuard, type ReplyRateLimiter, type RetryPolicy,
} from './bot-policies.ts';
export { botStateFile, createJsonBotStateStore, createMemoryBotStateStore, BotStateSchema, MAX_ANSWERED, type BotState, type BotStateStore } from './bot-state-store.ts';
export { buildReplyContent, readIncoming, renderMarkdown, stripReplyFallback, stripSurroundingQuotes, type IncomingMessage } from './message-format.ts';
export { parseAdminCommand, runAdminCommand, type AdminCommand, type AdminResult, type PersonaCaller } from './admin-commands.ts';
export { classifyStartFailure, codedFetch, loginBot, type BotLoginInput, type BotSession } from './bot-login.ts';
