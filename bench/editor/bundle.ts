import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { percentile } from '../lib';

const execFileAsync = promisify(execFile);

/** Bytes of the minified bundle by where they come from, as issue 9 groups them. */
export interface BundleFigures {
  /** Size of dist/extension.js (minified, as packaged). */
  bytes: number;
  byInput: { input: string; bytes: number }[];
  /** Median time to require() the bundle in a fresh plain Node process (`vscode` stubbed), ms. */
  loadMs: number;
}

/** Packages counted together: what certificate handling pulls in. */
const GROUPS: [RegExp, string][] = [
  [
    /^(@peculiar\/|asn1js$|pvtsutils$|pvutils$|tsyringe$|reflect-metadata$|tslib$)/,
    '@peculiar/x509 + asn1*, tsyringe, reflect-metadata, tslib',
  ],
];

/** What an input of the bundle counts as: its package (certificate handling as one), or our code by folder. */
export function groupOf(input: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
  if (!pkg) {
    return input.startsWith('src/') ? `our code (${input.split('/').slice(0, 2).join('/')})` : input;
  }
  return GROUPS.find(([re]) => re.test(pkg))?.[1] ?? pkg;
}

/**
 * Rebuilds the production bundle with esbuild's metafile (the same build `npm run package` makes)
 * and sums each input's bytes in the output.
 */
export async function bundleFigures(root: string): Promise<BundleFigures> {
  const meta = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-bench-')), 'meta.json');
  await execFileAsync(process.execPath, ['esbuild.mjs', '--production', '--metafile', meta], { cwd: root });
  const metafile = JSON.parse(fs.readFileSync(meta, 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
  };
  fs.rmSync(path.dirname(meta), { recursive: true, force: true });
  // The extension's own bundle; the lazily loaded modules beside it (dist/configKeys*.js) are not in it.
  const output = metafile.outputs['dist/extension.js'];
  const sums = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    sums.set(groupOf(input), (sums.get(groupOf(input)) ?? 0) + bytesInOutput);
  }
  const bundle = path.join(root, 'dist', 'extension.js');
  return {
    bytes: fs.statSync(bundle).size,
    byInput: [...sums].map(([input, bytes]) => ({ input, bytes })).sort((a, b) => b.bytes - a.bytes),
    loadMs: await loadTime(bundle),
  };
}

/** The names `vscode` exports, read from @types/vscode. */
function apiNames(): string[] {
  const types = fs.readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  return [...new Set([...types.matchAll(/^\s*export (?:namespace|class|enum|function|const|let) (\w+)/gm)].map((m) => m[1]))];
}

/** Requires the bundle in fresh Node processes with `vscode` stubbed out; median of 5, ms. */
async function loadTime(bundle: string, runs = 5): Promise<number> {
  const script = `
    const Module = require('module');
    const stub = new Proxy(function () {}, { get: (_t, p) => (p === 'prototype' ? {} : stub), construct: () => stub, apply: () => stub });
    // The bundle copies the module's own properties (esbuild's __toESM), so the module is an object
    // with every name @types/vscode exports, each the stub.
    const api = Object.fromEntries(${JSON.stringify(apiNames())}.map((name) => [name, stub]));
    const load = Module._load;
    Module._load = function (request, ...rest) { return request === 'vscode' ? api : load.call(this, request, ...rest); };
    const t = process.hrtime.bigint();
    require(${JSON.stringify(bundle)});
    process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    times.push(Number((await execFileAsync(process.execPath, ['-e', script])).stdout));
  }
  return percentile(times, 0.5);
}
