// The size budget of the bundle: `dist/extension.js` (what VS Code loads at activation) must stay
// within BUNDLE_BUDGET bytes; over it, the build fails and names what takes the room.
//   node build/budget.mjs METAFILE [LIMIT]   checks an esbuild metafile (exit 1 when over)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Issue 9's target: 500 KB minified. */
export const BUNDLE_BUDGET = 500_000;

/** What each package (or our own sources, "ours") adds to one output of the metafile, largest first. */
export function inputsBySource(metafile, output) {
  const by = new Map();
  for (const [file, { bytesInOutput }] of Object.entries(metafile.outputs[output]?.inputs ?? {})) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? 'ours';
    by.set(pkg, (by.get(pkg) ?? 0) + bytesInOutput);
  }
  return [...by].sort((a, b) => b[1] - a[1]);
}

/** The verdict and the lines to print: the output's size against the limit, then its largest inputs. */
export function checkBudget(metafile, { output = 'dist/extension.js', limit = BUNDLE_BUDGET, top = 8 } = {}) {
  const bytes = metafile.outputs[output]?.bytes;
  if (bytes === undefined) {
    return { ok: false, lines: [`${output} is not in the metafile`] };
  }
  const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
  const ok = bytes <= limit;
  const lines = [`${output}: ${kb(bytes)} of a ${kb(limit)} budget${ok ? '' : `: ${kb(bytes - limit)} over`}`];
  const files = Object.entries(metafile.outputs[output].inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput);
  lines.push(
    `  by source: ${inputsBySource(metafile, output)
      .map(([p, n]) => `${p} ${kb(n)}`)
      .join(', ')}`,
  );
  for (const [file, { bytesInOutput }] of files.slice(0, top)) {
    lines.push(`  ${kb(bytesInOutput).padStart(9)}  ${file}`);
  }
  return { ok, lines };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, limit] = process.argv.slice(2);
  const { ok, lines } = checkBudget(JSON.parse(readFileSync(file, 'utf8')), limit ? { limit: Number(limit) } : {});
  (ok ? console.log : console.error)(lines.join('\n'));
  process.exitCode = ok ? 0 : 1;
}
