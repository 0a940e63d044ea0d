import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BANNER_HEAD } from './banner';
import { generate } from './generate';
import { loadSpec } from './spec';

/**
 * `npm run codegen`: node out/codegen-cli/main.js [--out DIR] SPEC.yaml...
 * Writes src/generated/ (or DIR) and removes generated files that no longer have a source, so a module
 * that disappears from the table does not linger (only files it wrote: `npm run codegen:config` writes there too).
 */
function main(argv: readonly string[]): void {
  const args = [...argv];
  let outDir = 'src/generated';
  const outFlag = args.indexOf('--out');
  if (outFlag >= 0) {
    outDir = args[outFlag + 1];
    args.splice(outFlag, 2);
  }
  if (args.length === 0 || !outDir) throw new Error('usage: main.js [--out DIR] SPEC.yaml...');
  const { files, warnings } = generate(args.map((path) => loadSpec(resolve(path))));
  for (const warning of warnings) console.warn(`codegen: warning: ${warning}`);
  mkdirSync(outDir, { recursive: true });
  for (const stale of readdirSync(outDir).filter((f) => f.endsWith('.ts') && !files.has(f))) {
    if (readFileSync(join(outDir, stale), 'utf8').startsWith(BANNER_HEAD)) rmSync(join(outDir, stale));
  }
  let changed = 0;
  for (const [name, text] of files) {
    const path = join(outDir, name);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) {
      writeFileSync(path, text);
      changed++;
    }
  }
  console.log(`codegen: ${files.size} files in ${outDir} (${changed} changed) from ${args.length} specs`);
}

main(process.argv.slice(2));
