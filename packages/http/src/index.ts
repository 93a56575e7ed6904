export { startServer, type StartOptions, type RunningServer } from './server.js';
export { createApp, type AppState } from './app.js';
export { buildContainer, TOKENS, type ContainerOverrides } from './container.js';
export { loadSettings, engineConfig, ConfigError, DEFAULT_SETTINGS, SETTINGS, type Settings } from './config.js';
export {
  JwtAuthenticator,
  signToken,
  parseTtl,
  bearerOf,
  principalOf,
  DEFAULT_TOKEN_MAX_TTL_SECONDS,
  OPERATOR_ROLE,
  type Authenticator,
  type JwtOptions,
  type Principal,
} from './auth.js';
export { openApiDocument, problemStatuses } from './openapi.js';
export { HTTP_STATUS_BY_CODE, HttpError, STATUS_BY_CODE, toProblem, type HttpErrorCode, type Problem } from './problem.js';
export { ROUTES } from './routes/index.js';
export type { RouteSpec, Reply } from './routes/route.js';
export type { AppDeps } from './deps.js';
export { verifyOrder, type VerifyOutcome } from './verify-order.js';
export { readCatalogFile, type CatalogFile } from './catalog-file.js';
