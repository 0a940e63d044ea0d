import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_BANNER_HEAD, normalizeMetadata, renderConfigKeys } from '../../../codegen/config/transform';
import { CONFIG_KEYS, CONFIG_KEYS_SOURCE } from '../../../src/generated/configKeys';
import { REPO_ROOT } from './fixtures';

const SOURCE = { product: 'Incus' as const, version: '6.0.4', from: 'GET /1.0/metadata/configuration', sha256: 'ab'.repeat(32) };

describe('codegen: the table of configuration keys', () => {
  it('sorts entities, groups, keys and fields, whatever order the daemon sent them in', () => {
    const metadata = normalizeMetadata({
      configs: {
        project: {
          limits: {
            keys: [{ 'limits.memory': { type: 'string', shortdesc: 'b' } }, { 'limits.cpu': { type: 'integer', shortdesc: 'a' } }],
          },
        },
        instance: {
          raw: { keys: [{ 'raw.lxc': { type: 'blob' } }] },
          boot: { keys: [{ 'boot.autostart': { type: 'bool', defaultdesc: '-' } }] },
        },
      },
    });
    assert.deepEqual(
      JSON.stringify(metadata),
      JSON.stringify({
        configs: {
          instance: {
            boot: { keys: [{ 'boot.autostart': { defaultdesc: '-', type: 'bool' } }] },
            raw: { keys: [{ 'raw.lxc': { type: 'blob' } }] },
          },
          project: {
            limits: {
              keys: [{ 'limits.cpu': { shortdesc: 'a', type: 'integer' } }, { 'limits.memory': { shortdesc: 'b', type: 'string' } }],
            },
          },
        },
      }),
    );
  });

  it('refuses a shape it does not know, saying where', () => {
    assert.throws(() => normalizeMetadata({}), /^Error: configs: not an object$/);
    assert.throws(() => normalizeMetadata({ configs: { instance: { boot: { keys: {} } } } }), /instance\/boot: "keys" is not a list/);
    assert.throws(
      () => normalizeMetadata({ configs: { instance: { boot: { keys: [{ a: {}, b: {} }] } } } }),
      /instance\/boot: a key entry names 2 keys \(a, b\), not one/,
    );
    assert.throws(
      () => normalizeMetadata({ configs: { instance: { boot: { keys: [{ a: { required: true } }] } } } }),
      /instance\/boot\/a: field "required" is boolean, not text/,
    );
  });

  it('writes a module that opens with the banner, the source and its hash, and counts the keys', () => {
    const text = renderConfigKeys(
      normalizeMetadata({ configs: { instance: { boot: { keys: [{ 'boot.autostart': { type: 'bool' } }] } } } }),
      SOURCE,
    );
    const lines = text.split('\n');
    assert.equal(lines[0], CONFIG_BANNER_HEAD);
    assert.match(text, /\/\/ Generated from Incus 6\.0\.4, GET \/1\.0\/metadata\/configuration:\n\/\/ {3}sha256:(ab){32}\n/);
    assert.match(
      text,
      /export const CONFIG_KEYS_SOURCE = \{ product: 'Incus', version: '6\.0\.4', from: 'GET \/1\.0\/metadata\/configuration', sha256: '(ab){32}' \} as const;/,
    );
    assert.match(text, / \* 1 configuration keys, as `GET \/1\.0\/metadata\/configuration` of Incus 6\.0\.4 lists them\./);
    assert.equal(
      text,
      renderConfigKeys(
        normalizeMetadata(
          JSON.parse(JSON.stringify({ configs: { instance: { boot: { keys: [{ 'boot.autostart': { type: 'bool' } }] } } } })),
        ),
        SOURCE,
      ),
      'deterministic',
    );
  });

  it('is what src/generated/configKeys.ts holds: the file is the generator’s output for its own table', () => {
    const file = readFileSync(join(REPO_ROOT, 'src/generated/configKeys.ts'), 'utf8');
    assert.ok(
      file === renderConfigKeys(normalizeMetadata(CONFIG_KEYS), CONFIG_KEYS_SOURCE),
      'src/generated/configKeys.ts was edited or the generator changed: run `npm run codegen:config`',
    );
  });
});
