/** Character Card V1/V2/V3 import and export, JSON and PNG (`persona.import`, `persona.export`). */
export {
  CardDataV2Schema, CardDataV3Schema, CardV1Schema, CardV2Schema, CardV3Schema, V3OnlyFieldsSchema,
  V1_FIELDS, V2_DATA_KEYS, V3_DATA_KEYS, V3_ONLY_KEYS, cardFilename, detectCard,
} from './card.model.ts';
export type { CardSpec, CardV1, CardV2, CardV3, DetectedCard, V3OnlyFields } from './card.model.ts';
export { cardToPersonaInput } from './card-import.model.ts';
export type { CardExtras, CardImport } from './card-import.model.ts';
export { PERSONA_MCP_SCHEMA_VERSION, personaMcpExtension, personaToCard, sourceTag } from './card-export.model.ts';
export type { CardExportSpec, CharacterCard } from './card-export.model.ts';
export { CARD_IMAGE_SIZE, personaIconPng, readCardFromPng, writeCardPng } from './card-png.ts';
export type { PngCardPayload } from './card-png.ts';
export {
  PNG_SIGNATURE, decodeTextChunk, encodePng, isPng, readPngChunks, readPngTexts, solidPng, textChunk, withTextChunks,
} from './png-chunks.ts';
export type { PngChunk, PngText } from './png-chunks.ts';
