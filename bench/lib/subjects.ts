import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HOST_CLI, REPO } from './processes.js';

/** The host and the Redis adapter land in parallel; a measure whose subject is missing is skipped, and says so. */
export const hasHost = (): boolean => existsSync(join(REPO, HOST_CLI));
export const hasRedisAdapter = (): boolean => existsSync(join(REPO, 'packages/adapters/redis/src/index.ts'));
