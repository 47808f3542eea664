/**
 * `npx tsx bench/scale/plot.ts [--results bench/scale/results] [--out bench/scale/scale.svg]`
 *
 * Reads the scale results (one JSON per corpus size), prints the markdown tables for
 * BENCHMARKS.md with the growth exponent of each cost (the slope on a log-log scale between the
 * smallest and the largest size: 1 is linear), and writes a hand-made SVG of cost against corpus
 * size in four panels: time to build and load, bytes on disk and in memory, query p50 and
 * query p99 (index and scan).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isMain, ROOT, run } from '../lib/cli.js';
import { QUERY_KINDS } from '../lib/queries.js';
import { formatMs, formatRatio, markdownTable } from '../lib/stats.js';
import type { ScaleResult } from './run.js';

/** Results with every phase measured, smallest corpus first. */
export function readResults(dir: string): ScaleResult[] {
  return readdirSync(dir)
    .filter((name) => /^x[\dp]+\.json$/.test(name))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as ScaleResult)
    .filter((r) => r.build !== undefined && r.query !== undefined)
    .sort((a, b) => a.factor - b.factor);
}

/** One line of a panel: a value per result (or `undefined` where not measured). */
interface Series {
  label: string;
  color: string;
  dashed?: boolean;
  values: (number | undefined)[];
}

interface Panel {
  title: string;
  unit: string;
  series: Series[];
  /** Horizontal reference lines (goals). */
  marks?: { value: number; label: string }[];
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf', '#7f7f7f'];

function color(i: number): string {
  return COLORS[i % COLORS.length] ?? '#000';
}

/** Slope of log(value) against log(size) from the first to the last measured point. */
export function growthExponent(sizes: readonly number[], values: readonly (number | undefined)[]): number {
  const points = sizes.map((size, i) => [size, values[i]] as const).filter((p): p is readonly [number, number] => p[1] !== undefined && p[1] > 0);
  const first = points[0];
  const last = points[points.length - 1];
  if (first === undefined || last === undefined || first[0] === last[0]) return Number.NaN;
  return Math.log(last[1] / first[1]) / Math.log(last[0] / first[0]);
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function niceTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) ticks.push(10 ** e);
  return ticks;
}

function tickLabel(v: number): string {
  if (v >= 1000) return `${String(v / 1000)}k`;
  if (v >= 1) return String(v);
  return String(Number(v.toPrecision(1)));
}

/** One log-log panel at (x, y). */
function panelSvg(panel: Panel, sizes: readonly number[], x: number, y: number, width: number, height: number): string {
  const left = 52;
  const bottom = 36;
  const top = 26;
  const right = 10;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const all = [...panel.series.flatMap((s) => s.values.filter((v): v is number => v !== undefined && v > 0)), ...(panel.marks ?? []).map((m) => m.value)];
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const yTicks = niceTicks(lo, hi);
  const yMin = Math.log10(yTicks[0] ?? lo);
  const yMax = Math.log10(yTicks[yTicks.length - 1] ?? hi);
  const xMin = Math.log10(Math.min(...sizes));
  const xMax = Math.log10(Math.max(...sizes));
  const px = (size: number): number => x + left + (xMax === xMin ? plotW / 2 : ((Math.log10(size) - xMin) / (xMax - xMin)) * plotW);
  const py = (v: number): number => y + top + plotH - (yMax === yMin ? plotH / 2 : ((Math.log10(v) - yMin) / (yMax - yMin)) * plotH);
  const parts: string[] = [];
  parts.push(`<text x="${String(x + left)}" y="${String(y + 16)}" font-weight="bold">${escapeXml(panel.title)} (${escapeXml(panel.unit)}, log scale)</text>`);
  parts.push(`<rect x="${String(x + left)}" y="${String(y + top)}" width="${String(plotW)}" height="${String(plotH)}" fill="none" stroke="#999"/>`);
  for (const t of yTicks) {
    const ty = py(t).toFixed(1);
    parts.push(`<line x1="${String(x + left)}" x2="${String(x + left + plotW)}" y1="${ty}" y2="${ty}" stroke="#eee"/>`);
    parts.push(`<text x="${String(x + left - 4)}" y="${ty}" text-anchor="end" dominant-baseline="middle" font-size="10">${tickLabel(t)}</text>`);
  }
  for (const size of sizes) {
    const tx = px(size).toFixed(1);
    parts.push(`<line x1="${tx}" x2="${tx}" y1="${String(y + top)}" y2="${String(y + top + plotH)}" stroke="#eee"/>`);
    parts.push(`<text x="${tx}" y="${String(y + top + plotH + 14)}" text-anchor="middle" font-size="10">${String(size)}×</text>`);
  }
  for (const mark of panel.marks ?? []) {
    const my = py(mark.value).toFixed(1);
    parts.push(`<line x1="${String(x + left)}" x2="${String(x + left + plotW)}" y1="${my}" y2="${my}" stroke="#000" stroke-dasharray="2,2"/>`);
    parts.push(`<text x="${String(x + left + plotW - 4)}" y="${my}" dy="-3" text-anchor="end" font-size="10">${escapeXml(mark.label)}</text>`);
  }
  parts.push(`<text x="${String(x + left + plotW / 2)}" y="${String(y + height - 6)}" text-anchor="middle" font-size="10">corpus size (× bundled corpus, log scale)</text>`);
  panel.series.forEach((s, i) => {
    const points = sizes.map((size, k) => [size, s.values[k]] as const).filter((p): p is readonly [number, number] => p[1] !== undefined && p[1] > 0);
    const d = points.map(([size, v], k) => `${k === 0 ? 'M' : 'L'}${px(size).toFixed(1)},${py(v).toFixed(1)}`).join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed === true ? ' stroke-dasharray="5,3"' : ''}/>`);
    for (const [size, v] of points) parts.push(`<circle cx="${px(size).toFixed(1)}" cy="${py(v).toFixed(1)}" r="3" fill="${s.color}"/>`);
    const ly = y + top + 6 + i * 13;
    parts.push(`<line x1="${String(x + left + 8)}" x2="${String(x + left + 26)}" y1="${String(ly)}" y2="${String(ly)}" stroke="${s.color}" stroke-width="2"${s.dashed === true ? ' stroke-dasharray="5,3"' : ''}/>`);
    parts.push(`<text x="${String(x + left + 30)}" y="${String(ly)}" dominant-baseline="middle" font-size="10">${escapeXml(s.label)}</text>`);
  });
  return parts.join('\n');
}

/** The four panels over the results. */
export function panels(results: readonly ScaleResult[]): Panel[] {
  const pick = <T>(f: (r: ScaleResult) => T | undefined): (T | undefined)[] => results.map(f);
  const kindSeries = (stat: 'p50' | 'p99'): Series[] =>
    QUERY_KINDS.flatMap((kind, i) => [
      { label: `${kind}, index`, color: color(i), values: pick((r) => r.query?.byKind[kind]?.[0]?.[stat]) },
      { label: `${kind}, scan`, color: color(i), dashed: true, values: pick((r) => r.query?.byKind[kind]?.[1]?.[stat]) },
    ]);
  return [
    {
      title: 'Time',
      unit: 's',
      marks: [{ value: 300, label: 'goal at 100×: build < 5 min' }],
      series: [
        { label: 'build', color: color(0), values: pick((r) => (r.build === undefined ? undefined : r.build.buildMs / 1000)) },
        { label: 'load saved index', color: color(1), values: pick((r) => (r.query === undefined ? undefined : r.query.loadMs / 1000)) },
        { label: 'ingest corpus', color: color(2), values: pick((r) => (r.query === undefined ? undefined : r.query.ingestMs / 1000)) },
        { label: 'server ready', color: color(3), values: pick((r) => (r.startup === undefined ? undefined : r.startup.medianMs / 1000)) },
      ],
    },
    {
      title: 'Size',
      unit: 'MB',
      marks: [{ value: 4096, label: 'goal at 100×: memory < 4 GB' }],
      series: [
        { label: 'saved index', color: color(0), values: pick((r) => (r.build === undefined ? undefined : r.build.savedBytes / 1e6)) },
        { label: 'heap + buffers, served', color: color(1), values: pick((r) => (r.query === undefined ? undefined : (r.query.memory.heapUsed + r.query.memory.arrayBuffers) / 1e6)) },
        { label: 'RSS, served', color: color(2), values: pick((r) => (r.query === undefined ? undefined : r.query.memory.rss / 1e6)) },
        { label: 'peak RSS, build', color: color(3), values: pick((r) => (r.build === undefined ? undefined : r.build.memory.maxRss / 1e6)) },
      ],
    },
    { title: 'Query p50', unit: 'ms', series: kindSeries('p50') },
    {
      title: 'Query p99',
      unit: 'ms',
      series: kindSeries('p99'),
      marks: [
        { value: 10, label: 'goal at 100×: term p99 < 10 ms' },
        { value: 20, label: 'goal at 100×: phrase p99 < 20 ms' },
      ],
    },
  ];
}

/** The whole SVG: four panels in a 2 × 2 grid. */
export function scaleSvg(results: readonly ScaleResult[]): string {
  const sizes = results.map((r) => r.factor);
  const width = 480;
  const height = 300;
  const body = panels(results)
    .map((panel, i) => panelSvg(panel, sizes, (i % 2) * width, Math.floor(i / 2) * height, width, height))
    .join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${String(width * 2)}" height="${String(height * 2)}" viewBox="0 0 ${String(width * 2)} ${String(height * 2)}" font-family="sans-serif" font-size="12">`,
    '<rect width="100%" height="100%" fill="#fff"/>',
    body,
    '</svg>',
    '',
  ].join('\n');
}

const mb = (bytes: number | undefined): string => (bytes === undefined ? '–' : (bytes / 1e6).toFixed(0));
const seconds = (ms: number | undefined): string => (ms === undefined ? '–' : (ms / 1000).toFixed(ms < 10000 ? 2 : 1));

/** The markdown tables and growth sentences. */
export function scaleTables(results: readonly ScaleResult[]): string {
  const sizes = results.map((r) => r.factor);
  const cost = markdownTable(
    ['size', 'reports', 'paragraphs', 'characters', 'build s', 'build + save CPU s', 'saved MB', 'ingest s', 'load s', 'heap+buffers MB', 'RSS MB', 'build peak RSS MB', 'server ready s', 'load average build/query'],
    results.map((r) => [
      `${String(r.factor)}×`,
      String(r.build?.reports ?? '–'),
      String(r.build?.paragraphs ?? '–'),
      (r.build?.characters ?? 0).toLocaleString('en'),
      seconds(r.build?.buildMs),
      seconds(r.build?.buildAndSaveCpuMs),
      mb(r.build?.savedBytes),
      seconds(r.query?.ingestMs),
      seconds(r.query?.loadMs),
      mb(r.query === undefined ? undefined : r.query.memory.heapUsed + r.query.memory.arrayBuffers),
      mb(r.query?.memory.rss),
      mb(r.build?.memory.maxRss),
      seconds(r.startup?.medianMs),
      `${r.build?.loadAverage.toFixed(1) ?? '–'}/${r.query?.loadAverage.toFixed(1) ?? '–'}`,
    ]),
  );
  const queries = markdownTable(
    ['size', 'kind', 'index p50', 'index p99', 'index p99 CPU', 'scan p50', 'scan p99', 'scan p99 CPU', 'scan ÷ index p50', 'scan ÷ index p99'],
    results.flatMap((r) =>
      QUERY_KINDS.map((kind) => {
        const [ours, scan] = r.query?.byKind[kind] ?? [];
        const [oursCpu, scanCpu] = r.query?.cpuByKind[kind] ?? [];
        return [
          `${String(r.factor)}×`,
          kind,
          formatMs(ours?.p50 ?? Number.NaN),
          formatMs(ours?.p99 ?? Number.NaN),
          formatMs(oursCpu?.p99 ?? Number.NaN),
          formatMs(scan?.p50 ?? Number.NaN),
          formatMs(scan?.p99 ?? Number.NaN),
          formatMs(scanCpu?.p99 ?? Number.NaN),
          formatRatio((scan?.p50 ?? Number.NaN) / (ours?.p50 ?? Number.NaN)),
          formatRatio((scan?.p99 ?? Number.NaN) / (ours?.p99 ?? Number.NaN)),
        ];
      }),
    ),
  );
  // Fixed costs (process, dictionaries) dominate at 1×: the slope is taken from 10× up.
  const from = Math.max(0, sizes.findIndex((size) => size >= 10));
  const growth = panels(results)
    .flatMap((panel) => panel.series.map((s) => `${panel.title.toLowerCase()} · ${s.label}: ${growthExponent(sizes.slice(from), s.values.slice(from)).toFixed(2)}`))
    .join('; ');
  return `${cost}\n\n${queries}\n\nGrowth exponents (log-log slope from ${String(sizes[from] ?? '')}× to ${String(sizes[sizes.length - 1] ?? '')}×; 1.00 is linear): ${growth}.\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { results: { type: 'string' }, out: { type: 'string' } } });
  const dir = resolve(values.results ?? join(ROOT, 'bench', 'scale', 'results'));
  const out = resolve(values.out ?? join(ROOT, 'bench', 'scale', 'scale.svg'));
  const results = readResults(dir);
  if (results.length === 0) throw new Error(`bench: no complete results in ${dir}`);
  writeFileSync(out, scaleSvg(results));
  process.stdout.write(scaleTables(results));
  process.stderr.write(`wrote ${out}\n`);
  await Promise.resolve();
}

if (isMain(import.meta.url)) run('plot', main);
