import { REDIS_URL, redisAnswers, skipOrFail } from './redis-env.js';
import { DRAW_UNIFORM, registerSuites, storeFactory } from './suites.js';

// The conformance kit and the property suites from @boxoffice/core/testing, on the local Redis
// (REDIS_URL, default redis://127.0.0.1:6379). Each store uses its own key prefix and deletes only its keys.
// `sale/draw-uniform` runs in draw-uniform.test.ts, beside this file.

const available = await redisAnswers();
skipOrFail('conformance.test.ts', available);
if (available) {
  registerSuites('redis', storeFactory('kit', () => ({ url: REDIS_URL })), undefined, { [DRAW_UNIFORM]: 'in draw-uniform.test.ts, a file of its own that runs beside this one' });
}
