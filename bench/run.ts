/**
 * `npm run bench [-- --smoke]`: runs every benchmark script in `bench/` (each `*.ts` beside this
 * one, in name order) in its own node process with `--expose-gc`, passing the arguments on, and
 * fails when any of them fails.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMain } from './lib/cli.js';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));

/** The benchmark scripts, in name order (this runner excluded). */
export function benchScripts(dir: string = BENCH_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && entry.name !== 'run.ts' && !entry.name.endsWith('.d.ts'))
    .map((entry) => entry.name)
    .sort();
}

function main(): number {
  const args = process.argv.slice(2);
  const failed: string[] = [];
  for (const name of benchScripts()) {
    process.stdout.write(`\n=== bench/${name} ${args.join(' ')}\n`);
    const started = performance.now();
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(BENCH_DIR, name), ...args], { stdio: 'inherit' });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (child.status === 0) process.stdout.write(`=== bench/${name}: done in ${seconds} s\n`);
    else {
      failed.push(name);
      process.stdout.write(`=== bench/${name}: FAILED (exit ${String(child.status ?? child.signal)}) after ${seconds} s\n`);
    }
  }
  if (failed.length > 0) process.stderr.write(`bench: failed: ${failed.join(', ')}\n`);
  return failed.length === 0 ? 0 : 1;
}

if (isMain(import.meta.url)) process.exitCode = main();
