/**
 * What a folder holds, cheaply: each visible file's name, size, modification time and inode.
 * Two equal snapshots taken a moment apart say the folder has settled (no file is being
 * written); a snapshot unlike the one a generation was built from says it must be rebuilt.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A folder's visible files, as one comparable string (`''` for a missing folder). */
export type Snapshot = string;

/** Snapshot of the visible entries directly in `dir` (hidden names and subfolders left out). */
export async function snapshot(dir: string): Promise<Snapshot> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => !name.startsWith('.')).sort();
  } catch {
    return '';
  }
  const lines = await Promise.all(
    names.map(async (name) => {
      try {
        const info = await stat(join(dir, name));
        if (info.isDirectory()) return '';
        return `${name}\0${String(info.size)}\0${String(info.mtimeMs)}\0${String(info.ino)}\n`;
      } catch {
        // Removed between the listing and the stat: the next snapshot settles it.
        return `${name}\0gone\n`;
      }
    }),
  );
  return lines.join('');
}
