import { createOperationTable } from './invoke.ts';
import { personaCreate, personaDelete, personaGet, personaList, personaUpdate } from './persona/persona.operation.ts';
import { ping, systemStatus } from './system/system.operation.ts';

export * from './operation.ts';
export * from './invoke.ts';

/** Every operation, in catalogue order (protocol.md §6). Both services serve exactly this list. */
export const OPERATIONS = [
  ping,
  personaList, personaGet, personaCreate, personaUpdate, personaDelete,
  systemStatus,
] as const;

/** The operations table of this build. */
export const OPERATION_TABLE = createOperationTable(OPERATIONS);
