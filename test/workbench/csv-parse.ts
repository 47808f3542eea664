/** A strict RFC 4180 reader for the tests: what a spreadsheet would read from our CSV. */
export function parseCsv(text: string): string[][] {
  if (!text.startsWith('\ufeff')) throw new Error('csv: no byte order mark');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 1;
  while (i < text.length) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text.charAt(i + 1) === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text.charAt(i + 1) === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (c === '"' || c === '\n' || c === '\r') {
      throw new Error(`csv: stray ${JSON.stringify(c)} at ${String(i)}`);
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length > 0) throw new Error('csv: last line without CR LF');
  return rows;
}

/** RIS records: tag → values, per record. */
export function parseRis(text: string): Array<Map<string, string[]>> {
  const records: Array<Map<string, string[]>> = [];
  let current: Map<string, string[]> | undefined;
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    const match = /^([A-Z][A-Z0-9]) {2}- ?(.*)$/u.exec(line);
    if (match === null) throw new Error(`ris: bad line ${JSON.stringify(line)}`);
    const tag = match[1] ?? '';
    const value = match[2] ?? '';
    if (tag === 'TY') current = new Map();
    if (current === undefined) throw new Error('ris: tag before TY');
    current.set(tag, [...(current.get(tag) ?? []), value]);
    if (tag === 'ER') {
      records.push(current);
      current = undefined;
    }
  }
  if (current !== undefined) throw new Error('ris: record without ER');
  return records;
}

/** BibTeX entries: type, key and fields (values with their outer braces removed). */
export function parseBibtex(text: string): Array<{ type: string; key: string; fields: Map<string, string> }> {
  const entries: Array<{ type: string; key: string; fields: Map<string, string> }> = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < text.length && /\s/u.test(text.charAt(i))) i++;
  };
  const braced = (): string => {
    if (text.charAt(i) !== '{') throw new Error(`bibtex: expected { at ${String(i)}`);
    let depth = 0;
    const start = i + 1;
    for (; i < text.length; i++) {
      const c = text.charAt(i);
      if (c === '\\') {
        i++;
        continue;
      }
      if (c === '{') depth++;
      if (c === '}' && --depth === 0) {
        i++;
        return text.slice(start, i - 1);
      }
    }
    throw new Error('bibtex: unbalanced braces');
  };
  for (;;) {
    skipSpace();
    if (i >= text.length) return entries;
    const head = /^@([a-z]+)\{([^,\s]+),/u.exec(text.slice(i));
    if (head === null) throw new Error(`bibtex: bad entry at ${String(i)}`);
    i += head[0].length;
    const fields = new Map<string, string>();
    for (;;) {
      skipSpace();
      if (text.charAt(i) === '}') {
        i++;
        break;
      }
      const name = /^([a-z]+)\s*=\s*/u.exec(text.slice(i));
      if (name === null) throw new Error(`bibtex: bad field at ${String(i)}`);
      i += name[0].length;
      fields.set(name[1] ?? '', braced());
      skipSpace();
      if (text.charAt(i) === ',') i++;
    }
    entries.push({ type: head[1] ?? '', key: head[2] ?? '', fields });
  }
}

/** A Node buffer's bytes as the ArrayBuffer exceljs reads. */
export function arrayBuffer(buffer: Buffer): ArrayBuffer {
  const copy = new ArrayBuffer(buffer.byteLength);
  new Uint8Array(copy).set(buffer);
  return copy;
}
