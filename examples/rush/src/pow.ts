import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { UserApi } from './api.js';

/** What a client that does the work sends: a solved challenge of the sale as the Pow-Solution header ({} if none was given). */
export async function powHeader(api: UserApi, saleId: string): Promise<Record<string, string>> {
  const c = await api.call<Challenge>('GET', `/v1/sales/${saleId}/challenge`);
  if (c.status !== 200) return {};
  const solution = await solveChallenge({ challenge: c.body, deriveKey });
  return solution ? { 'pow-solution': Buffer.from(JSON.stringify({ challenge: c.body, solution })).toString('base64') } : {};
}
