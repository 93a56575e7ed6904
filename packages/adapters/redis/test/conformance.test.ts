import { describe, expect, it } from 'vitest';
import { explainSkip, REDIS_URL, REQUIRE_REDIS, redisAnswers } from './redis-env.js';
import { registerSuites, storeFactory } from './suites.js';

// The conformance kit and the queue property suite from @boxoffice/core/testing, on the local Redis
// (REDIS_URL, default redis://127.0.0.1:6379). Each store uses its own key prefix and deletes only its keys.

const available = await redisAnswers();

if (available) {
  registerSuites('redis', storeFactory('kit', () => ({ url: REDIS_URL })));
} else {
  explainSkip('conformance.test.ts', `no Redis answers at ${REDIS_URL}`);
  // Skipped (with the line above) unless BOXOFFICE_REQUIRE_REDIS=1, which turns it into a failure.
  describe.runIf(REQUIRE_REDIS)('redis conformance (required)', () => {
    it('needs Redis because BOXOFFICE_REQUIRE_REDIS=1', () => {
      expect.fail(`BOXOFFICE_REQUIRE_REDIS=1 but no Redis answers at ${REDIS_URL}`);
    });
  });
}
