import type { Boxoffice } from '@boxoffice/core';
import type { Logger } from 'pino';
import type { AdmissionPasses } from './admission-pass.js';
import type { Authenticator } from './auth.js';
import type { Settings } from './config.js';
import type { CountsStreams } from './counts-streams.js';
import type { HostSales } from './host-sales.js';
import type { Metrics } from './metrics.js';
import type { ProofOfWork } from './pow.js';
import type { RateLimits } from './rate-limits.js';
import type { SeatMaps } from './seat-maps.js';
import type { SseHub } from './sse.js';
import type { StoreHealth } from './store-health.js';

/** What the Koa app needs; the container builds it, tests may build it by hand. */
export interface AppDeps {
  readonly settings: Settings;
  readonly boxoffice: Boxoffice;
  readonly authenticator: Authenticator;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly sse: SseHub;
  /** The operators' live counts streams. */
  readonly counts: CountsStreams;
  /** Logs an outage once, not per request. */
  readonly health: StoreHealth;
  /** The default sale and the sale of a Queue-Token. */
  readonly sales: HostSales;
  /** Per-user and per-address rate limits, counted in the store. */
  readonly limits: RateLimits;
  /** Proof-of-work challenges and their single use. */
  readonly pow: ProofOfWork;
  /** Set in demo mode only: the secret POST /v1/demo/token signs with. */
  readonly demoSecret: string | null;
  /** Where the built web page lives. */
  readonly webRoot: string;
  /** Signs and verifies the admission passes of active sessions (gated reads with no store check). */
  readonly passes: AdmissionPasses;
  /** Seat maps rendered once per version, with their ETags. */
  readonly seatMaps: SeatMaps;
}
