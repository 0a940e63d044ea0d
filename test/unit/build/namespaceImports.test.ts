import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');

/** Bundles `files` (entry `main.ts`) as the extension is bundled, with or without the plugin; returns the output. */
function bundle(files: Record<string, string>, withPlugin: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-nsimports-'));
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), text);
  }
  const script = `
    import * as esbuild from ${JSON.stringify(path.join(ROOT, 'node_modules/esbuild/lib/main.js'))};
    import { namespaceImports } from ${JSON.stringify(path.join(ROOT, 'build/namespaceImports.mjs'))};
    await esbuild.build({
      entryPoints: [${JSON.stringify(path.join(dir, 'main.ts'))}], bundle: true, outfile: ${JSON.stringify(path.join(dir, 'out.js'))},
      platform: 'node', target: 'node20', format: 'cjs', external: ['vscode'], logLevel: 'error',
      plugins: ${withPlugin ? '[namespaceImports]' : '[]'},
    });`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return path.join(dir, 'out.js');
}

/**
 * Runs a bundle's `run()` with `vscode` standing for an API of many names, counting what the
 * bundle does with it: requires, names read, and whole-object walks (listing its keys, as a copy does).
 */
function runWithApi(out: string): { result: unknown; requires: number; reads: string[]; walks: number } {
  const script = `
    const Module = require('module');
    const api = Object.fromEntries(Array.from({ length: 400 }, (_, i) => ['name' + i, i]));
    Object.assign(api, { window: { title: 'w' }, commands: { id: 'c' }, Uri: class Uri {} });
    const seen = { requires: 0, reads: [], walks: 0 };
    const proxy = new Proxy(api, {
      get: (t, p) => { if (typeof p === 'string') seen.reads.push(p); return t[p]; },
      ownKeys: (t) => { seen.walks++; return Reflect.ownKeys(t); },
    });
    const load = Module._load;
    Module._load = function (request, ...rest) {
      if (request === 'vscode') { seen.requires++; return proxy; }
      return load.call(this, request, ...rest);
    };
    const result = require(${JSON.stringify(out)}).run();
    process.stdout.write(JSON.stringify({ result, ...seen }));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { result: unknown; requires: number; reads: string[]; walks: number };
}

describe('namespace imports in the bundle (build/namespaceImports.mjs)', function () {
  // Each case starts esbuild and Node: seconds on a loaded test bed.
  this.timeout(60_000);
  const files = {
    'a.ts': [
      "import * as vscode from 'vscode';",
      "import * as fs from 'node:fs';",
      "import { join } from 'node:path';",
      'export const a = (): unknown[] => [vscode.window.title, typeof fs.readFileSync, join("x", "y")];',
    ].join('\n'),
    'b.ts': ["import * as vscode from 'vscode';", 'export const b = (): unknown[] => [vscode.commands.id, typeof vscode.Uri];'].join('\n'),
    'main.ts': [
      "import * as vscode from 'vscode';",
      "import { a } from './a';",
      "import { b } from './b';",
      'export function run(): unknown[] { return [...a(), ...b(), vscode.window.title]; }',
    ].join('\n'),
  };

  it('requires vscode once and reads only the names the code uses, without walking the API per importing file', () => {
    const seen = runWithApi(bundle(files, true));
    assert.deepEqual(seen.result, ['w', 'function', 'x/y', 'c', 'function', 'w']);
    assert.equal(seen.requires, 1);
    assert.equal(seen.walks, 0);
    assert.deepEqual([...new Set(seen.reads)].sort(), ['Uri', 'commands', 'window']);
  });

  it('is what the plain bundle lacks: there, each importing file copies the whole API', () => {
    const seen = runWithApi(bundle(files, false));
    assert.deepEqual(seen.result, ['w', 'function', 'x/y', 'c', 'function', 'w']);
    assert.equal(seen.requires, 3);
    assert.equal(seen.walks, 3);
  });
});
