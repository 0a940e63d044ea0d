import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../../..');

interface Setting {
  default?: unknown;
}

const settings = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, Setting> } };
  }
).contributes.configuration.properties;
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The README's settings table: each row's setting and its Default cell, as written. */
function settingsTable(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const m of readme.matchAll(/^\| `(lxd\.[\w.]+)` \| `([^`]*)` \|/gm)) {
    rows.set(m[1], m[2]);
  }
  return rows;
}

/** A default as the table writes it: the JSON, with a space after a colon. */
function written(value: unknown): string {
  return JSON.stringify(value).replace(/":/g, '": ');
}

describe('The README for users', () => {
  it('lists every setting of package.json in its settings table, with its default, and no other', () => {
    const table = settingsTable();
    assert.deepEqual([...table.keys()].sort(), Object.keys(settings).sort());
    for (const [id, setting] of Object.entries(settings)) {
      assert.equal(table.get(id), written(setting.default), `the default of ${id}`);
    }
  });

  it("links only to files that exist in the repository, so vsce's links to it resolve", () => {
    const relative = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]).filter((link) => !/^\w+:/.test(link));
    assert.ok(relative.length > 0, 'the README links its pictures and CONTRIBUTING.md');
    for (const link of relative) {
      assert.ok(existsSync(join(ROOT, link)), `${link} exists`);
    }
  });

  it('keeps the two commands that set up and run everything on a fresh machine', () => {
    assert.match(readme, /^bash scripts\/run\.sh\b/m);
    assert.match(readme, /^bash scripts\/test\.sh\b/m);
  });
});

describe("The package's texts", () => {
  it('every %key% of package.json has its text in package.nls.json', () => {
    const manifest = readFileSync(join(ROOT, 'package.json'), 'utf8');
    const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const keys = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(
      keys.includes('terminal.profile.title') && keys.includes('walkthrough.connect.title'),
      'the terminal profile and the walkthrough steps are translatable',
    );
    assert.deepEqual(
      keys.filter((k) => !(k in nls)),
      [],
    );
  });
});
