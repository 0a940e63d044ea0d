import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { readDaemonMetadata } from '../../codegen/config/daemon';
import { normalizeMetadata, renderConfigKeys } from '../../codegen/config/transform';
import { Subject } from '../../src/editors/configKeys/areas';
import { KeyCatalog } from '../../src/editors/configKeys/catalog';
import { diagnose } from '../../src/editors/configKeys/diagnose';
import { readConfigDocument } from '../../src/editors/configKeys/document';
import { ConfigKeys } from '../../src/editors/configKeys/keys';
import { KNOWN_INSTANCE_KEYS } from '../../src/editors/configKeys/known';
import { CONFIG_KEYS, CONFIG_KEYS_SOURCE } from '../../src/generated/configKeys';
import { cli } from '../support/cli';
import { apiError, forEachTarget, useSuite } from '../support/fixtures';
import { Target, testbed } from '../support/testbed';

/** The key lists the extension builds for this daemon: its own, or the generated table. */
async function keysOf(s: { client: import('../../src/client').Client }, target: Target): Promise<ConfigKeys> {
  const server = await s.client.serverInfo();
  const label = `${target.name === 'lxd' ? 'LXD' : 'Incus'} ${server.environment?.server_version}`;
  if (await s.client.hasExtension('metadata_configuration')) {
    return new ConfigKeys({ server: { kind: target.name, label }, own: KeyCatalog.from(await s.client.server.configMetadata()) });
  }
  return new ConfigKeys({
    server: { kind: target.name, label },
    table: { catalog: KeyCatalog.from(CONFIG_KEYS), label: `Incus ${CONFIG_KEYS_SOURCE.version}` },
  });
}

/** The problems the editor would show for an object's writable part. */
function problemsOf(
  value: { config?: Record<string, string> | null; devices?: Record<string, Record<string, string>> | null },
  keys: ConfigKeys,
  subject: Subject,
): string[] {
  const text = stringify({ config: value.config ?? {}, devices: value.devices ?? {} });
  return diagnose(readConfigDocument(text), keys, subject).map((p) => `${p.severity}: ${p.message}`);
}

describe('config keys: src/generated/configKeys.ts against the test bed’s Incus', () => {
  const incus = testbed().targets.find((t) => t.name === 'incus');

  it('is what `npm run codegen:config` writes from a daemon of the same version, byte for byte', async function () {
    if (!incus) {
      this.skip();
    }
    const read = await readDaemonMetadata(incus.socket);
    if (read.version !== CONFIG_KEYS_SOURCE.version) {
      // Another version's list may differ: the table stays what it was generated from until regenerated on purpose.
      console.log(`      (the test bed runs Incus ${read.version}, the table is from ${CONFIG_KEYS_SOURCE.version}: not compared)`);
      this.skip();
    }
    assert.equal(
      createHash('sha256').update(read.body).digest('hex'),
      CONFIG_KEYS_SOURCE.sha256,
      'the daemon answers other bytes: run `npm run codegen:config`',
    );
    const wanted = renderConfigKeys(normalizeMetadata(read.metadata), {
      product: 'Incus',
      version: read.version,
      from: CONFIG_KEYS_SOURCE.from,
      sha256: CONFIG_KEYS_SOURCE.sha256,
    });
    assert.ok(readFileSync(join(__dirname, '../../../src/generated/configKeys.ts'), 'utf8') === wanted, 'run `npm run codegen:config`');
  });
});

forEachTarget('config keys', (target) => {
  const s = useSuite(target);
  const project = testbed().project;

  it('reads the server’s own key list where it publishes one (Incus), and LXD 5.0 answers 404', async () => {
    if (await s.client.hasExtension('metadata_configuration')) {
      const metadata = await s.client.server.configMetadata();
      const keys = KeyCatalog.from(metadata);
      assert.equal(keys.find(['instance'], 'limits.memory')?.fields.type, 'string');
      assert.equal(keys.find(['instance'], 'boot.autostart')?.fields.type, 'bool');
      assert.ok(keys.covers('devices/disk'));
    } else {
      assert.equal(target.name, 'lxd');
      await assert.rejects(s.client.server.configMetadata(), apiError(404));
    }
  });

  it('accepts every key of the extension’s own list on the servers it names, and refuses it on the others', async function () {
    this.timeout(120_000);
    const name = await s.fx.create('keys');
    for (const known of KNOWN_INSTANCE_KEYS) {
      const key = known.key.replace(/\*$/, 'lxdx');
      const set = (): string => cli(target, ['config', 'set', name, `${key}=${known.example}`, '--project', project]);
      if (known.servers.includes(target.name)) {
        set();
        cli(target, ['config', 'unset', name, key, '--project', project]);
      } else {
        assert.throws(set, /Unknown configuration key/, `${target.name} should refuse ${key}`);
      }
    }
  });

  it('finds nothing wrong in a started instance, the project’s default profile and the project as the server has them', async function () {
    this.timeout(120_000);
    const keys = await keysOf(s, target);
    const name = await s.fx.create('clean', { start: true });
    const instance = await s.client.instances.get(name);
    assert.ok(
      Object.keys(instance.config ?? {}).some((k) => k.startsWith('volatile.')),
      'a started instance has volatile keys',
    );
    assert.deepEqual(problemsOf(instance, keys, { kind: 'instance' }), []);
    assert.deepEqual(
      problemsOf({ config: instance.config ?? {}, devices: instance.expanded_devices ?? {} }, keys, { kind: 'instance' }),
      [],
    );
    assert.deepEqual(problemsOf(await s.client.profiles.get('default'), keys, { kind: 'profile' }), []);
    assert.deepEqual(problemsOf(await s.client.projects.get(project), keys, { kind: 'project' }), []);
  });

  it('flags what the server then refuses: an unknown key, a boolean given maybe, an integer given ten', async () => {
    const keys = await keysOf(s, target);
    const name = await s.fx.create('bad');
    const cases: [string, string, RegExp][] = [
      ['lxdx.unknown', 'x', /^warning: Unknown key "lxdx\.unknown" for an instance/],
      ['boot.autostart', 'maybe', /^error: "boot\.autostart" is a boolean/],
      ['limits.cpu.priority', 'ten', /^error: "limits\.cpu\.priority" is an integer/],
    ];
    for (const [key, value, problem] of cases) {
      const [found] = problemsOf({ config: { [key]: value } }, keys, { kind: 'instance' });
      assert.match(found ?? '', problem);
      assert.throws(() => cli(target, ['config', 'set', name, `${key}=${value}`, '--project', project]), /Invalid config/);
    }
  });
});
