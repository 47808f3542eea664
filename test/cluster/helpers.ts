/**
 * A local cluster for tests: started on free loopback ports in a temporary directory, stopped
 * (exactly its own processes) and removed after. Skipped with a message when `searchd` is not
 * installed, an error under `REQUIRE_SPHINX=1`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCorpus } from '../../src/ingest/index.js';
import type { Report } from '../../src/ingest/types.js';
import { downCluster, engineInstalled, upCluster, type IndexOutcome } from '../../src/cluster/local.js';
import { openClusterSearch, type OpenedCluster } from '../../src/cluster/open.js';
import { addCorpusTerms } from '../../src/text/index.js';

/** Whether the cluster tests can run; says why not (or throws under REQUIRE_SPHINX=1). */
export function sphinxAvailable(): boolean {
  if (engineInstalled()) return true;
  if (process.env.REQUIRE_SPHINX === '1') throw new Error('cluster: REQUIRE_SPHINX=1 but searchd/indexer are missing (apt-get install sphinxsearch)');
  console.log('      SKIPPED: cluster tests need searchd and indexer (apt-get install sphinxsearch); set REQUIRE_SPHINX=1 to fail instead');
  return false;
}

/** A running test cluster. */
export interface TestCluster {
  dir: string;
  reports: Report[];
  outcome: IndexOutcome;
  opened: OpenedCluster;
  stop: () => Promise<void>;
}

/** Starts `nodes` nodes over `corpusDir` in a fresh temporary directory. */
export async function startTestCluster(corpusDir: string, nodes: number, timeouts?: { connect: number; query: number }): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'policy-cluster-'));
  const { reports } = await loadCorpus(corpusDir);
  addCorpusTerms(reports);
  let outcome: IndexOutcome;
  try {
    outcome = await upCluster({ dir, corpusDir, reports, nodes, ...(timeouts === undefined ? {} : { timeouts }) });
  } catch (error) {
    downCluster(dir);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const front = outcome.manifest.front.sqlPort;
  const opened = await openClusterSearch({ corpusDir, clusterDir: dir, host: '127.0.0.1', port: front });
  return {
    dir,
    reports,
    outcome,
    opened,
    stop: async () => {
      await opened.engine.close();
      downCluster(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
