/**
 * A search option the caller got wrong (page 0, size 500, an unknown level or document). The web
 * layer answers it with 400 and `option` as the parameter name.
 */
export class SearchOptionError extends Error {
  /** Name of the offending option (`page`, `size`, `sort`, `level`, `doc`, `limit`). */
  readonly option: string;
  /** The value given, as text. */
  readonly value: string;

  constructor(option: string, value: unknown, expected: string) {
    const shown = typeof value === 'string' ? value : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
    super(`search: option "${option}" must be ${expected}, got "${shown}"`);
    this.name = 'SearchOptionError';
    this.option = option;
    this.value = shown;
  }
}

/**
 * The engine behind the search answered with an error or not at all (a cluster front down, a
 * timeout): not the user's fault, and not a bug of ours either; the web layer answers 503.
 */
export class EngineUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineUnavailableError';
  }
}

/** Terminal columns of a string (CJK and full-width characters take two). */
function columns(text: string): number {
  let width = 0;
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    width += code >= 0x1100 || c === '“' || c === '”' || c === '‘' || c === '’' ? 2 : 1;
  }
  return width;
}

/**
 * A query error for a terminal: the query, a caret line under the offending part, the detail.
 * `error` carries the UTF-16 `position` and `length` of `QueryError`.
 */
export function formatQueryError(query: string, error: { position: number; length: number; detail: string }): string {
  const start = Math.min(Math.max(0, error.position), query.length);
  const end = Math.min(query.length, start + Math.max(1, error.length));
  const pad = ' '.repeat(columns(query.slice(0, start)));
  const marks = '^'.repeat(Math.max(1, columns(query.slice(start, end))));
  return `查询有误：${error.detail}\n  ${query}\n  ${pad}${marks}`;
}
