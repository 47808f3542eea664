/**
 * What a command prints about an incomplete answer, in the words of the site's notice
 * (`views/partials/partial.ejs`): never silently short, whichever backend answered.
 */
import type { PartialAnswer } from '../search/types.js';

/** One line saying why the answer is incomplete and what it covers. */
export function partialNotice(partial: PartialAnswer): string {
  const nodes = partial.missing.length > 0 ? `（${String(partial.missing.length)} 个：${partial.missing.join('、')}）` : '';
  if (partial.searched !== undefined && partial.paragraphs !== undefined) {
    const also = partial.missing.length > 0 ? `，另有检索节点未应答${nodes}` : '';
    return `结果不完整：用完了时间限额，只检查了全部 ${String(partial.paragraphs)} 个段落中按报告顺序的前 ${String(partial.searched)} 个${also}，实际匹配可能更多。`;
  }
  if (partial.timeLimited === true) return `结果不完整：用完了时间限额，部分检索节点未在时限内应答${nodes}，数目和列表只含已应答的部分。`;
  return `结果不完整：部分检索节点未应答${nodes}，数目和列表只含已应答的部分。`;
}
