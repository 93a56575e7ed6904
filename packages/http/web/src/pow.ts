import type { Challenge, Solution } from 'altcha-lib';

/**
 * Solves a sale's challenge in a web worker and returns the Pow-Solution header: base64 of
 * {"challenge", "solution"}. Rejects with an AbortError when `signal` aborts (the buyer cancelled).
 */
export async function solveInWorker(challenge: Challenge, signal: AbortSignal): Promise<string> {
  const worker = new Worker(new URL('./pow-worker.ts', import.meta.url), { type: 'module' });
  try {
    const solution = await new Promise<Solution | null>((resolve, reject) => {
      if (signal.aborted) reject(new DOMException('Cancelled', 'AbortError'));
      signal.addEventListener('abort', () => reject(new DOMException('Cancelled', 'AbortError')), { once: true });
      worker.onmessage = (e: MessageEvent<{ solution?: Solution | null; error?: string }>) =>
        e.data.error ? reject(new Error(e.data.error)) : resolve(e.data.solution ?? null);
      worker.onerror = (e) => reject(new Error(e.message || 'The browser check failed.'));
      worker.postMessage({ challenge });
    });
    if (!solution) throw new Error('The browser check took too long. Try again.');
    // The JSON is ASCII (hex strings and numbers), so btoa takes it as is.
    return btoa(JSON.stringify({ challenge, solution }));
  } finally {
    worker.terminate();
  }
}
