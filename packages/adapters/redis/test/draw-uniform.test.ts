import { findCheck, registerChecks } from '@boxoffice/core/testing';
import { REDIS_URL, redisAnswers, skipOrFail } from './redis-env.js';
import { DRAW_UNIFORM, storeFactory } from './suites.js';

// The kit's `sale/draw-uniform` on the local Redis: 2.2 x 10^5 calls, half the time of the whole kit, so it has a
// file of its own that runs beside conformance.test.ts (which leaves it out) instead of inside it.

const available = await redisAnswers();
skipOrFail('draw-uniform.test.ts', available);
if (available) registerChecks('conformance: redis: sale', [findCheck(DRAW_UNIFORM)], { name: 'redis', makeStore: storeFactory('draw', () => ({ url: REDIS_URL })) });
