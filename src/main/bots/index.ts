/** The Matrix bot supervisor (implements the host's BotController), its factory for both modes, and its log files. */
export { createBotSupervisor, BOT_RESTART_POLICY, type BotSupervisorOptions } from './bot-supervisor.ts';
export { createBotsFactory, type BotsFactory, type BotsFactoryOptions } from './bots-factory.ts';
export { botLogFile, openBotLogFile, DEFAULT_LOG_ROTATION, type BotLogFile, type LogRotation } from './bot-log-files.ts';
export { formatLogLine } from './log-line.ts';
