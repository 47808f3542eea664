/** A one-line progress bar for index builds, drawn on a terminal and silent elsewhere. */
import type { BuildProgress } from './search-index.js';

const WIDTH = 30;
const LABELS: Record<BuildProgress['phase'], string> = {
  normalise: '规范化',
  ngrams: '字串索引',
  ranked: '分词与排序索引',
};

/**
 * Returns a progress callback drawing on `stream` when it is a TTY (else a no-op), and a
 * function that ends the line.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): { update: (progress: BuildProgress) => void; done: () => void } {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  let last = -1;
  let drawn = false;
  return {
    update: ({ phase, done, total }) => {
      const share = total === 0 ? 1 : done / total;
      const percent = Math.floor(share * 100);
      if (percent === last) return;
      last = percent;
      drawn = true;
      const filled = Math.round(share * WIDTH);
      stream.write(`\r建立索引 [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(percent).padStart(3)}% ${LABELS[phase]}  `);
    },
    done: () => {
      if (drawn) stream.write('\n');
    },
  };
}
