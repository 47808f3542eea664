/**
 * The live corpus: watch the corpus folder and an inbox, build the index in a worker thread on a
 * change, swap the new generation in at once.
 */
export { LiveCorpus, leftOutOf, type LiveLogger, type LiveStart } from './live-corpus.js';
export { LIVE_DEFAULTS, type LiveOptions } from './options.js';
export { documentImporter, IMPORTED_FOLDER, type Imported, type Importer } from './inbox.js';
export { snapshot, type Snapshot } from './snapshot.js';
