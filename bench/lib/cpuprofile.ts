/**
 * `npx tsx bench/lib/cpuprofile.ts FILE.cpuprofile [--top 20]`
 *
 * Summarises a V8 CPU profile (from `node --cpu-prof`): the functions with the most self time,
 * with their share of all samples and where they are defined, so a profile can be read and
 * quoted without a browser.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMain, positiveNumber, ROOT, run } from './cli.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

/** The parts of a V8 `.cpuprofile` the summary reads. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

/** One function's self time. */
export interface SelfTime {
  name: string;
  /** `file:line:column` of the generated code (tsx output), or `(native)`. */
  location: string;
  ms: number;
  share: number;
  /** The caller that accounts for most of this self time (names builtins such as `dispatch`). */
  caller: string;
}

function locationOf(url: string, line: number, column: number): string {
  if (url === '') return '(native)';
  const path = url.startsWith('file://') ? relative(ROOT, fileURLToPath(url)) : url;
  return `${path}:${String(line + 1)}:${String(column + 1)}`;
}

function nameOf(node: ProfileNode): string {
  return node.callFrame.functionName === '' ? '(anonymous)' : node.callFrame.functionName;
}

/** Self time per function (name and location), largest first. */
export function selfTimes(profile: CpuProfile): SelfTime[] {
  const byNode = new Map<number, ProfileNode>(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node);
  const totals = new Map<string, { name: string; location: string; us: number; callers: Map<string, number> }>();
  let all = 0;
  (profile.samples ?? []).forEach((id, i) => {
    const us = profile.timeDeltas?.[i] ?? 0;
    all += us;
    const node = byNode.get(id);
    if (node === undefined) return;
    const { url, lineNumber, columnNumber } = node.callFrame;
    const name = nameOf(node);
    const location = locationOf(url, lineNumber, columnNumber);
    const key = `${name} ${location}`;
    const entry = totals.get(key) ?? { name, location, us: 0, callers: new Map<string, number>() };
    entry.us += us;
    const parent = parentOf.get(id);
    const caller = parent === undefined ? '(root)' : `${nameOf(parent)} ${locationOf(parent.callFrame.url, parent.callFrame.lineNumber, parent.callFrame.columnNumber)}`;
    entry.callers.set(caller, (entry.callers.get(caller) ?? 0) + us);
    totals.set(key, entry);
  });
  return [...totals.values()]
    .sort((a, b) => b.us - a.us)
    .map(({ name, location, us, callers }) => ({
      name,
      location,
      ms: us / 1000,
      share: all === 0 ? 0 : us / all,
      caller: [...callers].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '',
    }));
}

/** One line per function: share, milliseconds, name, location, main caller. */
export function formatSelfTime(row: SelfTime): string {
  return `${(row.share * 100).toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(7)} ms  ${row.name}  ${row.location}  ← ${row.caller}`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string' } } });
  const file = positionals[0];
  if (file === undefined) throw new Error('bench: cpuprofile needs a .cpuprofile file');
  const top = positiveNumber('top', values.top, 20);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const rows = selfTimes(profile).slice(0, top);
  for (const row of rows) process.stdout.write(`${formatSelfTime(row)}\n`);
  await Promise.resolve();
}

if (isMain(import.meta.url)) run('cpuprofile', main);
