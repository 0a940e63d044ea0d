import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';

const ROOT = resolve(__dirname, '../../../..');

/** Every .ts under src/ that mentions l10n: what `npm run l10n` (vscode-l10n-dev export ./src) finds strings in. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sources(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

describe('l10n bundle', function () {
  this.timeout(60_000);

  it('l10n/bundle.l10n.json holds exactly the strings src/ passes to vscode.l10n.t (npm run l10n rewrites it)', async () => {
    const files = sources(join(ROOT, 'src'))
      .map((path) => readFileSync(path, 'utf8'))
      .filter((contents) => contents.includes('l10n'))
      .map((contents) => ({ contents, extension: '.ts' }));
    const fresh = await getL10nJson(files);
    const committed = JSON.parse(readFileSync(join(ROOT, 'l10n/bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
    const missing = Object.keys(fresh).filter((k) => !(k in committed));
    const stale = Object.keys(committed).filter((k) => !(k in fresh));
    assert.deepEqual({ missing, stale }, { missing: [], stale: [] }, 'l10n/bundle.l10n.json is out of date: run npm run l10n');
    assert.deepEqual(committed, fresh, 'l10n/bundle.l10n.json is out of date: run npm run l10n');
  });
});
