/** A long report for the reader's parts, shared by the web and browser tests. */
import type { Report } from '../../src/ingest/types.js';
import { makeReport } from '../search/fixtures.js';

/** A report of 5 sections × 3 subsections × 80 paragraphs; every 37th paragraph speaks of 乡村振兴. */
export function longReport(id = 'long'): Report {
  const lines: string[] = [];
  let n = 0;
  for (let s = 1; s <= 5; s++) {
    lines.push(`# 第${String(s)}部分工作`);
    for (let t = 1; t <= 3; t++) {
      lines.push(`## 第${String(s)}.${String(t)}项任务`);
      for (let k = 0; k < 80; k++) {
        n++;
        lines.push(n % 37 === 0 ? `第${String(n)}段：全面推进乡村振兴，发展特色产业。` : `第${String(n)}段：完善公共服务，提升治理水平。`);
      }
    }
  }
  return makeReport(id, '市', 2024, lines);
}
