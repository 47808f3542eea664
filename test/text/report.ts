import type { Report } from '../../src/ingest/types.js';

/** A minimal report holding the given paragraph texts. */
export function reportWith(id: string, texts: string[]): Report {
  let offset = 0;
  const paragraphs = texts.map((text, i) => {
    const block = {
      type: 'paragraph' as const,
      ordinal: i + 1,
      text,
      anchor: `p${String(i + 1)}`,
      sectionPath: [],
      start: offset,
      end: offset + text.length,
      lines: { from: i + 1, to: i + 1 },
    };
    offset += text.length + 1;
    return block;
  });
  return {
    meta: { id, title: id, region: 'XX区', level: '区', year: 2024, kind: '全文', source: 'test' },
    file: `${id}.txt`,
    text: texts.join('\n'),
    blocks: paragraphs,
    paragraphs,
  };
}
