// Bundles the extension and its runtime dependencies into dist/extension.js.
// `--metafile FILE` also writes esbuild's metafile (what each input adds to the bundle);
// `--sourcemap` gives a production build dist/extension.js.map beside it (the bundle itself is
// unchanged, and the package leaves the map out), e.g. to read a CPU profile of the extension host.
import * as esbuild from 'esbuild';
import { writeFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const metafile = process.argv.includes('--metafile') ? process.argv[process.argv.indexOf('--metafile') + 1] : undefined;
const productionMap = process.argv.includes('--sourcemap') ? 'external' : false;

const ctx = await esbuild.context({
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
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
