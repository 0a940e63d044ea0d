import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { RENAMED_IDS } from '../../../src/commands/aliases';

const ROOT = resolve(__dirname, '../../../..');
const COMMANDS_DIR = join(ROOT, 'src/commands');

interface Manifest {
  contributes: {
    commands: { command: string; title: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    walkthroughs: { steps: { description: string }[] }[];
  };
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
const contributed = manifest.contributes.commands.map((c) => c.command);
const current = contributed.filter((id) => !(id in RENAMED_IDS));

/** `lxd.<resource>.<verb>` → `src/commands/<resource>s/<verb>.ts`, or undefined when the id breaks the rule. */
function fileOf(id: string): string | undefined {
  const m = /^lxd\.([a-z][A-Za-z0-9]*)\.([a-z][A-Za-z0-9]*)$/.exec(id);
  return m ? join(COMMANDS_DIR, `${m[1]}s`, `${m[2]}.ts`) : undefined;
}

/** Every command file: a `.ts` in a resource folder whose name does not start with `_` (those are helpers). */
function commandFiles(): string[] {
  return readdirSync(COMMANDS_DIR)
    .filter((d) => statSync(join(COMMANDS_DIR, d)).isDirectory())
    .flatMap((d) => readdirSync(join(COMMANDS_DIR, d)).map((f) => join(COMMANDS_DIR, d, f)))
    .filter((f) => f.endsWith('.ts') && !/[/\\]_[^/\\]*$/.test(f));
}

function declaredIds(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\s*id: '([^']+)',$/gm)].map((m) => m[1]);
}

describe('Command ids lead to their files (lxd.<resource>.<verb> → src/commands/<resource>s/<verb>.ts)', () => {
  it('every contributed id follows lxd.<resource>.<verb>, except the renamed ones kept for a release', () => {
    assert.deepEqual(
      current.filter((id) => !fileOf(id)),
      [],
    );
  });

  it('every contributed id has its file, and that file declares exactly that id', () => {
    const wrong = current.flatMap((id) => {
      const file = fileOf(id);
      if (!file || !existsSync(file)) {
        return [`${id}: no ${file ? relative(ROOT, file) : 'file'}`];
      }
      const ids = declaredIds(file);
      return ids.length === 1 && ids[0] === id ? [] : [`${id}: ${relative(ROOT, file)} declares ${JSON.stringify(ids)}`];
    });
    assert.deepEqual(wrong, []);
  });

  it('every command file is contributed in package.json under the id its path says', () => {
    const orphans = commandFiles().filter((f) => !current.some((id) => fileOf(id) === f));
    assert.deepEqual(
      orphans.map((f) => relative(ROOT, f)),
      [],
    );
  });

  it('every command file is registered in the COMMANDS table', () => {
    const index = readFileSync(join(COMMANDS_DIR, 'index.ts'), 'utf8');
    const imported = new Set([...index.matchAll(/from '\.\/([^']+)'/g)].map((m) => join(COMMANDS_DIR, `${m[1]}.ts`)));
    assert.deepEqual(
      commandFiles()
        .filter((f) => !imported.has(f))
        .map((f) => relative(ROOT, f)),
      [],
    );
  });

  it('every contributed command has a title in package.nls.json', () => {
    const missing = manifest.contributes.commands
      .filter((c) => !/^%(.+)%$/.test(c.title) || !(c.title.slice(1, -1) in nls))
      .map((c) => c.command);
    assert.deepEqual(missing, []);
  });

  it('menus, walkthroughs and welcome links name only contributed ids', () => {
    const inMenus = Object.values(manifest.contributes.menus).flatMap((items) => items.map((i) => i.command));
    const text = [...manifest.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.description)), ...Object.values(nls)].join('\n');
    const linked = [...text.matchAll(/command:(lxd\.[A-Za-z0-9.]+)/g)].map((m) => m[1]);
    assert.deepEqual(
      [...inMenus, ...linked].filter((id) => id.startsWith('lxd.') && !contributed.includes(id)),
      [],
    );
  });

  it('nothing but the palette entry that hides it names a renamed id', () => {
    const inMenus = Object.entries(manifest.contributes.menus).flatMap(([menu, items]) =>
      items.filter((i) => i.command in RENAMED_IDS && menu !== 'commandPalette').map((i) => `${menu}: ${i.command}`),
    );
    const linked = [
      ...Object.values(nls)
        .join('\n')
        .matchAll(/command:(lxd\.[A-Za-z0-9.]+)/g),
    ]
      .map((m) => m[1])
      .filter((id) => id in RENAMED_IDS);
    assert.deepEqual([...inMenus, ...linked], []);
  });
});

describe('Renamed command ids stay for one release', () => {
  for (const [old, now] of Object.entries(RENAMED_IDS)) {
    it(`${old} is contributed, hidden from the palette, and forwards to ${now}, which is a current id`, () => {
      assert.ok(contributed.includes(old), `${old} is not contributed`);
      assert.ok(
        manifest.contributes.menus.commandPalette.some((i) => i.command === old && i.when === 'false'),
        `${old} is not hidden from the palette`,
      );
      assert.ok(current.includes(now), `${now} is not a contributed current id`);
    });
  }
});
