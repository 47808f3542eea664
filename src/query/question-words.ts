/**
 * Question and filler words: what a question in plain language (`如何推进城市更新`,
 * `怎么解决停车难`) adds around the words that carry its meaning. No report paragraph answers
 * "如何"; requiring it turns a good question into zero results. The search drops them from
 * unquoted words (with a note), unless nothing else is left or the search is strict; a word in
 * quotes is never dropped.
 *
 * Matched against the segmenter's terms of a word, so each entry is a word jieba keeps whole.
 */
export const QUESTION_WORDS: ReadonlySet<string> = new Set([
  '如何', '怎样', '怎么', '怎么样', '怎么办', '哪些', '哪个', '哪里', '哪儿',
  '是否', '什么', '为什么', '为何', '请问', '有没有', '能否', '可否', '是不是', '多少', '几个',
  '吗', '呢', '呀', '吧', '啊', '么',
]);

/** Whether `term` (normalised) is a question or filler word. */
export function isQuestionWord(term: string): boolean {
  return QUESTION_WORDS.has(term);
}
