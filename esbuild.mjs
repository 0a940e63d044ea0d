// Bundles the extension and its runtime dependencies into dist/extension.js.
// `--metafile FILE` also writes esbuild's metafile (what each input adds to the bundle);
// `--sourcemap` gives a production build dist/extension.js.map beside it (the bundle itself is
// unchanged, and the package leaves the map out), e.g. to read a CPU profile of the extension host.
import * as esbuild from 'esbuild';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const metafile = process.argv.includes('--metafile') ? process.argv[process.argv.indexOf('--metafile') + 1] : undefined;
const productionMap = process.argv.includes('--sourcemap') ? 'external' : false;

// Modules of their own, loaded when their feature is first used: the extension's imports of them stay
// imports of ./<name>.js. The configuration keys' logic and table, when the first config editor opens.
const lazyEntries = { configKeysLogic: 'src/editors/configKeys/logic.ts', configKeys: 'src/generated/configKeys.ts' };
const lazyModules = {
  name: 'lazy-modules',
  setup(build) {
    const byPath = new Map(Object.entries(lazyEntries).map(([out, src]) => [path.resolve(src.replace(/\.ts$/, '')), `./${out}.js`]));
    build.onResolve({ filter: /^\./ }, (args) => {
      const lazy = args.kind === 'entry-point' ? undefined : byPath.get(path.resolve(args.resolveDir, args.path));
      return lazy ? { path: lazy, external: true } : undefined;
    });
  },
};

const ctx = await esbuild.context({
  entryPoints: { extension: 'src/extension.ts', ...lazyEntries },
  bundle: true,
  outdir: 'dist',
  plugins: [lazyModules],
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode', 'bufferutil', 'utf-8-validate'],
  sourcemap: production ? productionMap : 'linked',
  minify: production,
  logLevel: 'warning',
  metafile: !!metafile,
});

if (watch) {
  await ctx.watch();
} else {
  const result = await ctx.rebuild();
  if (metafile) {
    writeFileSync(metafile, JSON.stringify(result.metafile));
  }
  await ctx.dispose();
}
