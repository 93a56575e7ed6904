/** The only source of time in core. Epoch milliseconds; tests drive a manual one. */
export interface Clock {
  now(): number;
}
