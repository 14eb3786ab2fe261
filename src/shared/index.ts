/** Runtime-neutral schemas, types and errors shared by every layer (zod is the only dependency). */
export * from './errors/error-codes.ts';
export * from './errors/app-error.ts';
export * from './schemas/common.model.ts';
export * from './schemas/participant.model.ts';
export * from './schemas/persona.model.ts';
export * from './schemas/memory.model.ts';
export * from './schemas/memory-config.model.ts';
export * from './schemas/relationship.model.ts';
export * from './schemas/emotion.model.ts';
export * from './schemas/visual.model.ts';
export * from './schemas/conversation.model.ts';
export * from './schemas/bot-config.model.ts';
export * from './schemas/app-config.model.ts';
export * from './events/domain-event.model.ts';
export * from './errors/error-docs.ts';
export * from './process/process-message.model.ts';
