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
