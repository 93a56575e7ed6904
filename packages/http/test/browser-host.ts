import { startServer, type RunningServer, type StartOptions } from '../src/index.js';

export type Host = RunningServer;

/**
 * The real host, in process, on a free port of the loopback interface, quiet. With no
 * `secret` it is in demo mode (POST /v1/demo/token works), as a first `npm start` is.
 * It serves the page from web/dist, which the test builds first.
 */
export function startHost(options: StartOptions): Promise<Host> {
  return startServer({ port: 0, host: '127.0.0.1', logLevel: 'silent', ...options });
}
