/**
 * The on-sale rush: `npm run rush [-- --help]`. Starts the host(s), lets a
 * bursty crowd in through the waiting room, shows a progress bar, prints the
 * summary table and the audit, and exits non-zero if the audit fails.
 */
import cliProgress from 'cli-progress';
import { parseRushArgs } from './src/options.js';
import { runRush } from './src/rush.js';
import { formatTable, summaryRows, writeCsv } from './src/summary.js';

const options = parseRushArgs(process.argv.slice(2));
const bar = options.progress
  ? new cliProgress.SingleBar(
      {
        format: 'rush |{bar}| {value}/{total} users done | waiting {waiting} | admitted {admitted} | sold {sales} | conflicts {conflicts} | gave up {gaveUp} | 5xx {e5}',
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    )
  : null;

console.log(`boxoffice rush: ${options.users} users for ${options.seats} seats, ${options.store} store, ${options.processes} host process(es)`);
bar?.start(options.users + options.bots, 0, { waiting: 0, admitted: 0, sales: 0, conflicts: 0, gaveUp: 0, e5: 0 });
const result = await runRush(options, {
  onSecond: (row, tally) => {
    if (bar) bar.update(tally.finished, { waiting: row.waiting, admitted: row.admitted, sales: row.sales, conflicts: row.conflicts, gaveUp: row.gaveUp, e5: row.errors5xx });
    else console.log(JSON.stringify(row));
  },
});
const last = result.series.at(-1);
bar?.update(result.tally.finished, last ? { waiting: last.waiting, admitted: last.admitted, sales: last.sales, conflicts: last.conflicts, gaveUp: last.gaveUp, e5: last.errors5xx } : {});
bar?.stop();
console.log(formatTable(summaryRows(result)));
if (options.csv) {
  writeCsv(options.csv, result.series);
  console.log(`time series: ${options.csv}`);
}
process.exit(result.audit.ok ? 0 : 1);
