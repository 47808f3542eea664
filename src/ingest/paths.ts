import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Project root, resolved from this module's location (not the working directory). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The bundled corpus. */
export const CORPUS_DIR = resolve(PROJECT_ROOT, 'corpus');

/** Read-only seed files the corpus is generated from, beside the project checkout. */
export const SEEDS_DIR = resolve(PROJECT_ROOT, '..', 'shared', 'seeds');
