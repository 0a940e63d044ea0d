import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');

/** An esbuild metafile with dist/extension.js made of these inputs (bytes in the output). */
function fakeMetafile(inputs: Record<string, number>): string {
  const bytes = Object.values(inputs).reduce((a, b) => a + b, 0) + 100;
  const meta = {
    inputs: {},
    outputs: {
      'dist/extension.js': { bytes, inputs: Object.fromEntries(Object.entries(inputs).map(([f, n]) => [f, { bytesInOutput: n }])) },
    },
  };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-budget-')), 'meta.json');
  fs.writeFileSync(file, JSON.stringify(meta));
  return file;
}

function check(metafile: string, limit?: number): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'build/budget.mjs'), metafile, ...(limit ? [String(limit)] : [])], {
    encoding: 'utf8',
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('the bundle size budget (build/budget.mjs)', function () {
  // Each check starts a Node process: seconds on a loaded test bed.
  this.timeout(30_000);
  const inputs = {
    'node_modules/undici/lib/dispatcher/client-h1.js': 300_000,
    'node_modules/undici/lib/core/util.js': 50_000,
    'node_modules/@peculiar/x509/build/x509.cjs.js': 120_000,
    'src/extension.ts': 40_000,
    'src/client/https.ts': 10_000,
  };

  it('fails a bundle over 500 KB, saying by how much, by package and by file, largest first', () => {
    const { status, out } = check(fakeMetafile(inputs));
    assert.equal(status, 1);
    assert.match(out, /^dist\/extension\.js: 520\.1 KB of a 500\.0 KB budget: 20\.1 KB over$/m);
    assert.match(out, /by source: undici 350\.0 KB, @peculiar\/x509 120\.0 KB, ours 50\.0 KB$/m);
    const files = [...out.matchAll(/^ +[\d.]+ KB {2}(\S+)$/gm)].map((m) => m[1]);
    assert.deepEqual(files.slice(0, 3), [
      'node_modules/undici/lib/dispatcher/client-h1.js',
      'node_modules/@peculiar/x509/build/x509.cjs.js',
      'node_modules/undici/lib/core/util.js',
    ]);
  });

  it('passes a bundle within the budget, and takes another limit', () => {
    assert.equal(check(fakeMetafile(inputs), 600_000).status, 0);
    const small = check(fakeMetafile({ 'src/extension.ts': 1_000 }));
    assert.equal(small.status, 0);
    assert.match(small.out, /dist\/extension\.js: 1\.1 KB of a 500\.0 KB budget\n/);
  });
});
