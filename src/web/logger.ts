/** Where the web layer writes what happened; one JSON object a line by default. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

function line(level: string, message: string, fields: Record<string, unknown> | undefined): string {
  return JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
}

/** Logs to stdout (info) and stderr (errors). */
export const consoleLogger: Logger = {
  info(message, fields) {
    process.stdout.write(`${line('info', message, fields)}\n`);
  },
  error(message, fields) {
    process.stderr.write(`${line('error', message, fields)}\n`);
  },
};

/** Discards everything (tests). */
export const silentLogger: Logger = {
  info() {
    /* discarded */
  },
  error() {
    /* discarded */
  },
};
