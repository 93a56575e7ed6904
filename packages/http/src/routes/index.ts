import { adminEventRoutes } from './admin-events.js';
import { adminRoutes } from './admin.js';
import { concertRoutes } from './concerts.js';
import { demoRoutes } from './demo.js';
import { opsRoutes } from './ops.js';
import { paymentRoutes } from './payments.js';
import { queueRoutes, saleQueueRoutes } from './queue.js';
import { reservationRoutes } from './reservations.js';
import type { RouteSpec } from './route.js';
import { saleRoutes } from './sales.js';
import { waitlistRoutes } from './waitlist.js';
import { walletRoutes } from './wallet.js';

/** Every documented route, in the order of the seed's flow. */
export const ROUTES: readonly RouteSpec[] = [
  ...saleRoutes,
  ...saleQueueRoutes,
  ...waitlistRoutes,
  ...queueRoutes,
  ...concertRoutes,
  ...reservationRoutes,
  ...paymentRoutes,
  ...walletRoutes,
  ...demoRoutes,
  ...adminRoutes,
  ...adminEventRoutes,
  ...opsRoutes,
];
