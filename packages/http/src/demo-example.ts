import { signToken } from './auth.js';

/**
 * The walk-through printed at start in demo mode: a token for a demo user and
 * one curl line per seed step, ready to paste into a POSIX shell.
 */
export async function demoWalkthrough(url: string, secret: string, userId = 'demo-user'): Promise<string> {
  const token = await signToken(secret, userId, 12 * 3600);
  const auth = `-H "Authorization: Bearer $TOKEN"`;
  const json = `-H 'Content-Type: application/json'`;
  const qt = `-H "Queue-Token: $QT"`;
  // Every answer shows its status: after the body, or on stderr where the body is captured.
  const shown = `-w '\\nHTTP %{http_code}\\n'`;
  const aside = `-w '%{stderr}HTTP %{http_code}\\n'`;
  return [
    '',
    `Demo mode (no BOXOFFICE_SECRET): a random secret signs tokens until this process stops. Try the seed flow as "${userId}":`,
    '',
    `  export BO=${url} TOKEN=${token}`,
    `  # 1. enter the queue, keep the queue token`,
    `  QT=$(curl -s ${aside} -X POST $BO/v1/queue/tokens ${auth} | sed -E 's/.*"token":"([^"]+)".*/\\1/'); echo $QT`,
    `  # 2. poll your place until state is "active" (admission runs every tick, about a second)`,
    `  sleep 1; curl -s ${shown} $BO/v1/queue/tokens/$QT ${auth}`,
    `  # 3. concerts, 4. dates with seats left, 5. the seats of one date`,
    `  curl -s ${shown} $BO/v1/concerts ${auth} ${qt}`,
    `  curl -s ${shown} $BO/v1/concerts/aurora-live/schedules ${auth} ${qt}`,
    `  curl -s ${shown} $BO/v1/schedules/aurora-2027-03-14/seats ${auth} ${qt}`,
    `  # 6. hold two seats, keep the reservation id`,
    `  RID=$(curl -s ${aside} -X POST $BO/v1/reservations ${auth} ${qt} ${json} -d '{"scheduleId":"aurora-2027-03-14","seats":[11,12]}' | sed -E 's/.*"id":"([^"]+)".*/\\1/'); echo $RID`,
    `  # 7. pay: 402 insufficient_balance, the wallet is empty`,
    `  curl -s ${shown} -X POST $BO/v1/payments ${auth} ${qt} ${json} -H 'Idempotency-Key: pay-1' -d "{\\"reservationId\\":\\"$RID\\"}"`,
    `  # 8. charge the wallet`,
    `  curl -s ${shown} -X POST $BO/v1/wallet/charges ${auth} ${json} -H 'Idempotency-Key: charge-1' -d '{"amount":300000}'`,
    `  # 9. pay again: 201, seats sold, queue token completed`,
    `  curl -s ${shown} -X POST $BO/v1/payments ${auth} ${qt} ${json} -H 'Idempotency-Key: pay-2' -d "{\\"reservationId\\":\\"$RID\\"}"`,
    `  # 10. the balance and its ledger`,
    `  curl -s ${shown} $BO/v1/wallet ${auth}`,
    '',
    `  The waiting-room page: ${url}/   API docs: ${url}/docs   Metrics: ${url}/metrics`,
    `  The operator console: ${url}/admin ("Sign in as operator" with any name in demo mode)`,
    '',
  ].join('\n');
}
