// Bundles the extension and its runtime dependencies into dist/extension.js.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// The table of configuration keys (src/generated/configKeys.ts) is a file of its own, read when the
// first configuration editor opens: the extension's import of it stays a require of ./configKeys.js.
const lazyModules = {
  name: 'lazy-modules',
  setup(build) {
    build.onResolve({ filter: /\/generated\/configKeys$/ }, (args) => (args.kind === 'entry-point' ? undefined : { path: './configKeys.js', external: true }));
  },
};

const ctx = await esbuild.context({
  entryPoints: { extension: 'src/extension.ts', configKeys: 'src/generated/configKeys.ts' },
  bundle: true,
  outdir: 'dist',
  plugins: [lazyModules],
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode', 'bufferutil', 'utf-8-validate'],
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
});

if (watch) {
  await ctx.watch();
} else {
  await ctx.rebuild();
  await ctx.dispose();
}
