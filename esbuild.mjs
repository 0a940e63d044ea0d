// Bundles the extension and its runtime dependencies into dist/extension.js.
// `--metafile FILE` also writes esbuild's metafile (what each input adds to the bundle);
// `--sourcemap` gives a production build dist/extension.js.map beside it (the bundle itself is
// unchanged, and the package leaves the map out), e.g. to read a CPU profile of the extension host.
// A production build fails when dist/extension.js passes its size budget (build/budget.mjs).
import * as esbuild from 'esbuild';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { checkBudget } from './build/budget.mjs';
import { namespaceImports } from './build/namespaceImports.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const metafile = process.argv.includes('--metafile') ? process.argv[process.argv.indexOf('--metafile') + 1] : undefined;
const productionMap = process.argv.includes('--sourcemap') ? 'external' : false;

// Modules of their own, loaded when their feature is first used: the extension's imports of them stay
// imports of ./<name>.js. The configuration keys' logic and table, when the first config editor opens;
// undici's HTTP parser (72 KB of WebAssembly as base64), when the first connection to a server opens,
// and its build without SIMD, only where the SIMD one does not compile.
const lazyEntries = {
  configKeysLogic: 'src/editors/configKeys/logic.ts',
  configKeys: 'src/generated/configKeys.ts',
  llhttpSimdWasm: 'node_modules/undici/lib/llhttp/llhttp_simd-wasm.js',
  llhttpWasm: 'node_modules/undici/lib/llhttp/llhttp-wasm.js',
  // undici's fetch body code (with WebIDL and FormData): its HTTP/1.1 client requires it inside the
  // function that sends a FormData request body, which this client never sends.
  undiciFetchBody: 'node_modules/undici/lib/web/fetch/body.js',
};
// Packages loaded the same way, as ./<name>.js: `yaml` (src/client/yaml.ts requires it on first use).
const lazyPackages = { yaml: 'yaml' };
const lazyModules = {
  name: 'lazy-modules',
  setup(build) {
    const byPath = new Map(Object.entries(lazyEntries).map(([out, src]) => [path.resolve(src.replace(/\.ts$/, '')), `./${out}.js`]));
    build.onResolve({ filter: /^\./ }, (args) => {
      const lazy = args.kind === 'entry-point' ? undefined : byPath.get(path.resolve(args.resolveDir, args.path));
      return lazy ? { path: lazy, external: true } : undefined;
    });
    const byName = new Map(Object.entries(lazyPackages).map(([out, name]) => [name, `./${out}.js`]));
    build.onResolve({ filter: new RegExp(`^(${Object.values(lazyPackages).join('|')})$`) }, (args) =>
      args.kind === 'entry-point' ? undefined : { path: byName.get(args.path), external: true },
    );
  },
};
const packageEntries = Object.fromEntries(
  Object.entries(lazyPackages).map(([out, name]) => [out, createRequire(import.meta.url).resolve(name)]),
);

const ctx = await esbuild.context({
  entryPoints: { extension: 'src/extension.ts', ...lazyEntries, ...packageEntries },
  bundle: true,
  outdir: 'dist',
  plugins: [lazyModules, namespaceImports],
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode', 'bufferutil', 'utf-8-validate'],
  sourcemap: production ? productionMap : 'linked',
  minify: production,
  logLevel: 'warning',
  // A production build checks the bundle's size budget from the metafile.
  metafile: !!metafile || production,
});

if (watch) {
  await ctx.watch();
} else {
  const result = await ctx.rebuild();
  await ctx.dispose();
  if (metafile) {
    writeFileSync(metafile, JSON.stringify(result.metafile));
  }
  if (production) {
    const { ok, lines } = checkBudget(result.metafile);
    if (!ok) {
      console.error(`The bundle is over its size budget (build/budget.mjs).\n${lines.join('\n')}`);
      process.exit(1);
    }
  }
}
