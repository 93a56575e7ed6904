/** The console's small live chart: admissions (last minute) and the waiting line over the last minutes. */

export interface Sample {
  /** Epoch ms. */
  readonly at: number;
  readonly admitted: number;
  readonly waiting: number;
}

/** How far back the chart looks, and how close two kept samples may be. */
export const WINDOW_MS = 10 * 60_000;
const MIN_STEP_MS = 1_000;

/** Keeps the samples of the window, at most one per MIN_STEP_MS (the newest of a step wins). */
export function addSample(samples: Sample[], s: Sample): Sample[] {
  const kept = samples.filter((x) => s.at - x.at <= WINDOW_MS);
  const last = kept.at(-1);
  if (last && s.at - last.at < MIN_STEP_MS) kept[kept.length - 1] = s;
  else kept.push(s);
  return kept;
}

const W = 320;
const H = 120;
const PAD = 4;
const SVG = 'http://www.w3.org/2000/svg';

/** The time the chart spans: what it has seen, at least half a minute, at most the window. */
function spanOf(samples: readonly Sample[], now: number): number {
  const first = samples[0];
  return Math.min(WINDOW_MS, Math.max(30_000, first ? now - first.at : 0));
}

/** Points of one series, scaled to the box: time across (the newest at the right edge), 0..max up. */
export function polyline(samples: readonly Sample[], pick: (s: Sample) => number, max: number, now: number): string {
  const span = spanOf(samples, now);
  return samples
    .map((s) => {
      const x = PAD + ((W - 2 * PAD) * (span - (now - s.at))) / span;
      const y = H - PAD - ((H - 2 * PAD) * pick(s)) / Math.max(1, max);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/** Draws both series into the svg and returns the sentence that describes it. */
export function drawChart(svg: SVGSVGElement, samples: readonly Sample[], now: number): string {
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  const max = Math.max(1, ...samples.map((s) => Math.max(s.admitted, s.waiting)));
  const line = (cls: string, points: string) => {
    const el = document.createElementNS(SVG, 'polyline');
    el.setAttribute('class', cls);
    el.setAttribute('points', points);
    return el;
  };
  const axis = document.createElementNS(SVG, 'line');
  axis.setAttribute('class', 'axis');
  axis.setAttribute('x1', String(PAD));
  axis.setAttribute('x2', String(W - PAD));
  axis.setAttribute('y1', String(H - PAD));
  axis.setAttribute('y2', String(H - PAD));
  const last = samples.at(-1);
  // The newest value of each series as a dot: a line needs two samples, a dot shows from the first.
  const dot = (cls: string, value: number) => {
    const [x, y] = polyline([last!], () => value, max, now).split(',');
    const el = document.createElementNS(SVG, 'circle');
    el.setAttribute('class', cls);
    el.setAttribute('cx', x!);
    el.setAttribute('cy', y!);
    el.setAttribute('r', '3');
    return el;
  };
  svg.replaceChildren(
    axis,
    line('series waiting', polyline(samples, (s) => s.waiting, max, now)),
    line('series admitted', polyline(samples, (s) => s.admitted, max, now)),
    ...(last ? [dot('dot waiting', last.waiting), dot('dot admitted', last.admitted)] : []),
  );
  if (!last) return 'No figures yet.';
  const first = samples[0]!;
  const minutes = Math.max(1, Math.round((last.at - first.at) / 60_000));
  return `Over the last ${minutes} minute${minutes === 1 ? '' : 's'}: waiting went from ${first.waiting} to ${last.waiting}; admitted in the last minute from ${first.admitted} to ${last.admitted}. Scale 0 to ${max}.`;
}
