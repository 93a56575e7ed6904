import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { cpus, totalmem, release, loadavg } from 'node:os';
import { sizingMarkdown } from './sizing.js';
import { round } from './stats.js';

/** One measured figure, beside the baseline it was measured against in the same run. */
export interface Figure {
  /** Which measure produced it (host, redis-ops, scaling, contention). */
  readonly group: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: { readonly name: string; readonly value: number; readonly unit: string } | null;
  /** value / baseline (or the figure itself when it has no baseline). */
  readonly ratio: number | null;
  /** What the ratio (or value, when there is no baseline) should be. */
  readonly target: { readonly op: '>=' | '<='; readonly value: number; readonly on: 'ratio' | 'value' } | null;
  readonly met: boolean | null;
  /** Reproduces the figure. */
  readonly command: string;
  readonly note?: string;
}

export interface Skip {
  readonly group: string;
  readonly reason: string;
}

export interface Failure {
  readonly group: string;
  readonly error: string;
}

export class Report {
  readonly figures: Figure[] = [];
  readonly skips: Skip[] = [];
  readonly failures: Failure[] = [];
  readonly facts: Record<string, unknown> = {};
  private readonly started = new Date();
  /** The machine as it was when the run began (its load average, above all). */
  private readonly host = machine();

  add(f: Omit<Figure, 'ratio' | 'met'> & { ratio?: number | null }): Figure {
    const ratio = f.ratio !== undefined ? f.ratio : f.baseline ? f.value / f.baseline.value : null;
    let met: boolean | null = null;
    if (f.target) {
      const x = f.target.on === 'ratio' ? ratio : f.value;
      met = x === null || !Number.isFinite(x) ? false : f.target.op === '>=' ? x >= f.target.value : x <= f.target.value;
    }
    const figure: Figure = { ...f, ratio, met };
    this.figures.push(figure);
    const r = ratio === null ? '' : `  ratio ${fmt(ratio)}`;
    const b = f.baseline ? `  baseline ${fmt(f.baseline.value)} ${f.baseline.unit}` : '';
    const t = f.target ? `  target ${f.target.on} ${f.target.op} ${f.target.value}: ${met ? 'met' : 'MISSED'}` : '';
    console.log(`  ${f.name}: ${fmt(f.value)} ${f.unit}${b}${r}${t}`);
    return figure;
  }

  skip(group: string, reason: string): void {
    this.skips.push({ group, reason });
    console.log(`  SKIPPED ${group}: ${reason}`);
  }

  fail(group: string, error: unknown): void {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.failures.push({ group, error: text });
    console.error(`  FAILED ${group}: ${text}`);
  }

  write(base: string, options: unknown): void {
    mkdirSync(dirname(base), { recursive: true });
    const json = {
      startedAt: this.started.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: this.host,
      options,
      facts: this.facts,
      figures: this.figures,
      skips: this.skips,
      failures: this.failures.map((f) => ({ group: f.group, error: f.error.split('\n')[0] })),
    };
    writeFileSync(`${base}.json`, JSON.stringify(json, null, 2) + '\n');
    const processes = (options as { processes?: number } | null)?.processes ?? 1;
    writeFileSync(`${base}.md`, this.markdown() + sizingMarkdown(this.facts, processes));
  }

  markdown(): string {
    const m = this.host;
    const lines = [
      `# boxoffice benchmark results`,
      '',
      `Run ${this.started.toISOString()} on ${m.cpus} x ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.redis}, load average (1, 5, 15 min) at start ${m.loadAverage.join(' ')}.`,
      'Every ratio is against a baseline measured in the same run. Met: whether the target holds.',
      '',
      '| measure | value | baseline | ratio | target | met | reproduce |',
      '|---|---|---|---|---|---|---|',
    ];
    for (const f of this.figures) {
      const baseline = f.baseline ? `${fmt(f.baseline.value)} ${f.baseline.unit} (${f.baseline.name})` : '—';
      const target = f.target ? `${f.target.on} ${f.target.op} ${f.target.value}` : '—';
      const met = f.met === null ? '—' : f.met ? 'yes' : '**no**';
      lines.push(`| ${f.name} | ${fmt(f.value)} ${f.unit} | ${baseline} | ${f.ratio === null ? '—' : fmt(f.ratio)} | ${target} | ${met} | \`${f.command}\` |`);
    }
    if (this.skips.length > 0) {
      lines.push('', '## Not measured', '');
      for (const s of this.skips) lines.push(`- ${s.group}: ${s.reason}`);
    }
    if (this.failures.length > 0) {
      lines.push('', '## Failures', '');
      for (const f of this.failures) lines.push(`- ${f.group}: ${f.error.split('\n')[0]}`);
    }
    const notes = this.figures.filter((f) => f.note);
    if (notes.length > 0) {
      lines.push('', '## Notes', '');
      for (const f of notes) lines.push(`- ${f.name}: ${f.note}`);
    }
    return lines.join('\n') + '\n';
  }
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a >= 1000) return Math.round(n).toLocaleString('en-US');
  if (a >= 100) return String(round(n, 0));
  if (a >= 10) return String(round(n, 1));
  if (a >= 1) return String(round(n, 2));
  return String(round(n, 3));
}

export function machine() {
  const c = cpus();
  let redis = 'redis-server (version unknown)';
  try {
    redis = `Redis ${/v=([\d.]+)/.exec(execFileSync('redis-server', ['--version'], { encoding: 'utf8' }))?.[1] ?? '?'}`;
  } catch {
    /* keep the fallback */
  }
  return {
    cpus: c.length,
    cpuModel: c[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    redis,
    loadAverage: loadavg().map((l) => round(l, 2)),
  };
}
