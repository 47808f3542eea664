/**
 * How every command ends: the exit code `main` returns, or 1 with
 * `name: message` on stderr for anything it throws — never a stack trace for a user's mistake.
 */
export function runCommand(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
