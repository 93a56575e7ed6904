// Solves a proof-of-work challenge off the main thread, so the page stays responsive (and a screen
// reader keeps talking) while the browser is checked. altcha-lib's own solver, with WebCrypto SHA-256.
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/sha';

self.onmessage = async (event: MessageEvent<{ challenge: Challenge }>) => {
  try {
    const solution = await solveChallenge({ challenge: event.data.challenge, deriveKey, timeout: 120_000 });
    self.postMessage({ solution });
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
