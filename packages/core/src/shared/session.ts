/** Who is asking, and with which queue token: the gate for catalog, holds and payment. */
export interface SessionRef {
  readonly queueId: string;
  readonly token: string;
  readonly userId: string;
}
