import { answer, clientFor, problemOf } from '../api.js';
import type { components } from '../api-schema.js';

type Schemas = components['schemas'];
export type AdminSale = Schemas['AdminSale'];
export type AuditEntry = Schemas['AuditEntry'];
export type AuditPage = Schemas['AuditPage'];
export type SalePatch = Schemas['SalePatch'];
export type SaleMode = AdminSale['mode'];

/** A sale with the ETag it was read at: a change sends it back in If-Match. */
export interface Tagged {
  readonly sale: AdminSale;
  readonly etag: string;
}

/** The operator routes, typed by the host's OpenAPI document like the buyer page's Api. */
export class AdminApi {
  private readonly client = clientFor('');

  constructor(private readonly bearer: () => string) {}

  /** Demo mode only: a token for `userId` with the operator role (404 when the host has a secret). */
  static async demoOperatorToken(userId: string): Promise<string> {
    return (await answer(clientFor('').POST('/v1/demo/token', { body: { userId, roles: ['operator'] } }))).token;
  }

  sales(): Promise<AdminSale[]> {
    return answer(this.client.GET('/v1/admin/sales', { headers: this.auth() }));
  }

  async sale(saleId: string): Promise<Tagged> {
    return tagged(await this.client.GET('/v1/admin/sales/{saleId}', { params: { path: { saleId } }, headers: this.auth() }));
  }

  /** A merge patch made only if nobody changed the sale since `etag` (else a Problem with status 412). */
  async change(saleId: string, patch: SalePatch, etag: string): Promise<Tagged> {
    return tagged(
      await this.client.PATCH('/v1/admin/sales/{saleId}', {
        params: { path: { saleId }, header: { 'If-Match': etag } },
        body: patch,
        headers: { ...this.auth(), 'Content-Type': 'application/merge-patch+json' },
      }),
    );
  }

  audit(cursor: string | null, limit = 20): Promise<AuditPage> {
    const query = cursor ? { limit, cursor } : { limit };
    return answer(this.client.GET('/v1/admin/audit', { params: { query }, headers: this.auth() }));
  }

  /** The sale's counts stream; the caller reads it. */
  async events(saleId: string, signal: AbortSignal): Promise<Response> {
    const { response } = await this.client.GET('/v1/admin/sales/{saleId}/events', {
      params: { path: { saleId } },
      headers: { ...this.auth(), Accept: 'text/event-stream' },
      parseAs: 'stream',
      signal,
      cache: 'no-store',
    });
    if (!response.ok) throw problemOf(response, await response.json().catch(() => undefined));
    return response;
  }

  private auth(): Record<string, string> {
    return { Authorization: `Bearer ${this.bearer()}` };
  }
}

function tagged(result: { data?: AdminSale; error?: unknown; response: Response }): Tagged {
  const { data, error, response } = result;
  if (error !== undefined || !response.ok || !data) throw problemOf(response, error);
  return { sale: data, etag: response.headers.get('etag') ?? '' };
}
