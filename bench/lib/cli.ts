/** Helpers shared by the benchmark scripts' command lines. */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Project root (the directory holding `bench/`). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** True when the module at `moduleUrl` is the script node was started with (not imported). */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(fileURLToPath(moduleUrl)) === realpathSync(script);
  } catch {
    return false;
  }
}

/** Parses a positive number option, naming the option in the error. */
export function positiveNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`bench: --${name} must be a positive number, got "${value}"`);
  return n;
}

/** Runs an async `main`, printing a failure as one line and exiting non-zero. */
export function run(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
