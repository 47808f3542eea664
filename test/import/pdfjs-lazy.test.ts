import { expect } from 'chai';
import { spawnSync } from 'node:child_process';

/** Runs `code` as an ES module in a fresh Node process with tsx; its standard output, trimmed. */
function fresh(code: string): string {
  const run = spawnSync(process.execPath, ['--input-type=module', '--import', 'tsx', '-e', code], { encoding: 'utf8', timeout: 120_000 });
  expect(run.status, run.stderr).to.equal(0);
  return run.stdout.trim();
}

describe('import: pdf.js', function () {
  this.timeout(240_000);

  describe('loading', () => {
    it("leaves the serving thread's JSON.stringify as Node made it (pdf.js's polyfills replace it once loaded)", () => {
      const imports = ["'./src/web/app.ts'", "'./src/live/index.ts'", "'./src/ingest/formats/index.ts'"].map((m) => `await import(${m});`).join(' ');
      expect(fresh(`const native = JSON.stringify; ${imports} console.log(native === JSON.stringify);`)).to.equal('true');
    });

    it('is loaded when a PDF is read, and reads it', () => {
      const code = [
        "const { importDocument } = await import('./src/ingest/formats/index.ts');",
        "await importDocument({ name: 'x.pdf', bytes: new TextEncoder().encode('%PDF-1.4 not a pdf') }, { isolate: false }).catch((e) => console.log(e.name));",
      ].join(' ');
      expect(fresh(code)).to.equal('ImportError');
    });
  });
});
