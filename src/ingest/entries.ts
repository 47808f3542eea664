/**
 * Reading one corpus entry without trusting what it is. A name ending in `.txt` may be a
 * directory, a link to nothing, a file the server may not read, or a FIFO or device that would
 * block (or act) when opened. Each becomes a reason, and only regular files are ever opened:
 * the type is checked before opening, and again on the open descriptor (the entry could be
 * swapped in between), which is opened non-blocking so that even then a FIFO cannot hang.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';
import { open, lstat, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A corpus entry's bytes, or why it was not read. */
export type EntryRead = { name: string; bytes: Uint8Array } | { name: string; error: string };

/** Read-only, and never waiting for a writer on a FIFO. */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/** What a non-regular entry is, in words; `undefined` for a regular file. */
function kindOf(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function code(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

function notAFile(name: string, kind: string): EntryRead {
  return { name, error: `ingest: ${name}: is ${kind}, not a file; left unopened` };
}

function cannotRead(name: string, error: unknown, dangling: boolean): EntryRead {
  return { name, error: dangling ? `ingest: ${name}: is a link to a missing file (${code(error)})` : `ingest: ${name}: cannot be read (${code(error)})` };
}

/** Reads entry `name` of `dir`, or says why not (never throws for a file-system reason). */
export function readEntrySync(dir: string, name: string): EntryRead {
  const path = join(dir, name);
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    let dangling = false;
    try {
      dangling = lstatSync(path).isSymbolicLink();
    } catch {
      // Gone altogether: reported with stat's reason.
    }
    return cannotRead(name, error, dangling);
  }
  const kind = kindOf(stats);
  if (kind !== undefined) return notAFile(name, kind);
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    return cannotRead(name, error, false);
  }
  try {
    const opened = kindOf(fstatSync(fd));
    if (opened !== undefined) return notAFile(name, opened);
    return { name, bytes: readFileSync(fd) };
  } catch (error) {
    return cannotRead(name, error, false);
  } finally {
    closeSync(fd);
  }
}

/** {@link readEntrySync}, without blocking the thread. */
export async function readEntry(dir: string, name: string): Promise<EntryRead> {
  const path = join(dir, name);
  let stats: Stats;
  try {
    stats = await stat(path);
  } catch (error) {
    const dangling = await lstat(path).then(
      (s) => s.isSymbolicLink(),
      () => false,
    );
    return cannotRead(name, error, dangling);
  }
  const kind = kindOf(stats);
  if (kind !== undefined) return notAFile(name, kind);
  let handle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    return cannotRead(name, error, false);
  }
  try {
    const opened = kindOf(await handle.stat());
    if (opened !== undefined) return notAFile(name, opened);
    return { name, bytes: await handle.readFile() };
  } catch (error) {
    return cannotRead(name, error, false);
  } finally {
    await handle.close();
  }
}
