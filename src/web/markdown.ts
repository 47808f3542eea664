import { escapeHtml } from './html.js';

/**
 * Renders the small Markdown subset the syntax help is written in: `#`/`##`/`###` headings,
 * paragraphs, `- ` lists, pipe tables (with `\|` for a literal bar), `` `code` `` and
 * `**bold**`. Every run of text is escaped before any markup is added; raw HTML in the source
 * comes out as text.
 */
export function renderMarkdown(source: string, options: { headingOffset?: number } = {}): string {
  const offset = options.headingOffset ?? 0;
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const heading = /^(#{1,3}) +(.*)$/.exec(line);
    if (heading) {
      const level = Math.min(6, (heading[1] ?? '#').length + offset);
      out.push(`<h${String(level)}>${inline(heading[2] ?? '')}</h${String(level)}>`);
      i++;
    } else if (line.startsWith('|')) {
      const rows: string[][] = [];
      while (i < lines.length && (lines[i] ?? '').startsWith('|')) {
        rows.push(cells(lines[i] ?? ''));
        i++;
      }
      out.push(table(rows));
    } else if (line.startsWith('- ')) {
      const items: string[] = [];
      while (i < lines.length && (lines[i] ?? '').startsWith('- ')) {
        items.push(`<li>${inline((lines[i] ?? '').slice(2))}</li>`);
        i++;
      }
      out.push(`<ul>${items.join('')}</ul>`);
    } else if (line.trim() === '') {
      i++;
    } else {
      const para: string[] = [];
      while (i < lines.length && (lines[i] ?? '').trim() !== '' && !/^(#{1,3} |\||- )/.test(lines[i] ?? '')) {
        para.push(lines[i] ?? '');
        i++;
      }
      out.push(`<p>${inline(para.join(''))}</p>`);
    }
  }
  return out.join('\n');
}

/** The cells of a table row, `\|` kept as a literal bar. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

function table(rows: string[][]): string {
  const [head, rule, ...body] = rows;
  if (head === undefined) return '';
  const hasRule = rule?.every((c) => /^:?-+:?$/.test(c)) ?? false;
  const bodyRows = hasRule ? body : [rule ?? [], ...body].filter((r) => r.length > 0);
  return [
    '<div class="table-scroll"><table class="data">',
    `<thead><tr>${head.map((c) => `<th scope="col">${inline(c)}</th>`).join('')}</tr></thead>`,
    `<tbody>${bodyRows.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('')}</tbody>`,
    '</table></div>',
  ].join('');
}

/** Inline markup: code spans first (their content literal), then bold in the rest. */
function inline(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part) => {
      if (part.length >= 2 && part.startsWith('`') && part.endsWith('`')) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return escapeHtml(part).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
    })
    .join('');
}
