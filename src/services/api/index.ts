/** The PersonaAPI service: REST, OpenAPI + docs, SSE, bot control, OpenAI-compatible chat, dashboard (docs/architecture.md "Processes"). */
export { createApiService, type ApiService, type ApiServiceDeps } from './api-service.ts';
export { buildApiApp, type ApiAppOptions, type RegisteredRoute } from './app.ts';
export type { ApiTimings } from './api-context.ts';
export { buildOpenApiDocument } from './openapi.ts';
export { REST_EXCLUDED_OPERATIONS, LARGE_BODY_OPERATIONS } from './rest-routes.ts';
