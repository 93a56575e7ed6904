import type { PaymentPrimitives } from '@boxoffice/core';
import { describe, expect, it } from 'vitest';
import { paymentFromDoc, paymentToDoc } from '../src/documents/payments.js';

const payment: PaymentPrimitives = {
  id: 'p1',
  userId: 'u1',
  reservationId: 's1.abc',
  queueId: 'default',
  token: 'tok',
  amount: 2007,
  state: 'pending',
  idempotencyKey: 'key-1',
  createdAt: 5,
  updatedAt: 6,
  failure: null,
};


describe('payment documents', () => {
  it('round-trip; live unless aborted', () => {
    const doc = paymentToDoc(payment);
    expect(doc._id).toBe('p1');
    expect(doc.live).toBe(true);
    expect(paymentFromDoc(doc)).toEqual(payment);
    const aborted = paymentToDoc({ ...payment, state: 'aborted', failure: 'hold_expired' });
    expect(aborted.live).toBeUndefined();
    expect(paymentFromDoc(aborted)).toEqual({ ...payment, state: 'aborted', failure: 'hold_expired' });
  });
});
