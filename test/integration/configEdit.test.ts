import * as assert from 'node:assert/strict';
import { RequestTrace } from '../../src/client';
import { ResourceAddress } from '../../src/editors/address';
import {
  ConfigConflictError,
  ConfigInputError,
  ConfigRefusedError,
  ConfigVersion,
  readConfig,
  saveConfig,
} from '../../src/editors/configSave';
import { ApiSource, EDITABLE_KINDS, EditableKind } from '../../src/editors/kinds';
import { toYaml } from '../../src/editors/yamlModel';
import { cli, query } from '../support/cli';
import { Cleanup, clientFor, forEachTarget, useSuite } from '../support/fixtures';
import { Target, shortName, testbed, uniqueName } from '../support/testbed';

const kindNamed = (k: string): EditableKind => EDITABLE_KINDS.find((e) => e.kind === k)!;

/** One editable object of each kind, made through the CLI: how to read it raw, and to change a key elsewhere. */
interface Subject {
  kind: string;
  name: string;
  /** The object as the API has it, through the CLI. */
  raw(): { config: Record<string, string>; description?: string };
  /** Changes config keys as another user would, with the CLI (one call). */
  set(config: Record<string, string>): void;
}

/**
 * Makes a subject of `kind` for `target`, registering its removal. A network gets no addresses,
 * a project nothing but its defaults.
 */
function makeSubject(target: Target, kind: string, cleanup: Cleanup): Subject {
  const { project } = testbed();
  const run = (args: string[]): string => cli(target, args);
  switch (kind) {
    case 'instance': {
      const name = uniqueName('cfg');
      run(['init', testbed().image, name, '--project', project]);
      cleanup.defer(() => run(['delete', '--force', name, '--project', project]));
      return {
        kind,
        name,
        raw: () => query(target, `/1.0/instances/${name}`, project),
        set: (c) => run(['config', 'set', name, ...pairs(c), '--project', project]),
      };
    }
    case 'profile': {
      const name = uniqueName('cfg');
      run(['profile', 'create', name, '--project', project]);
      cleanup.defer(() => run(['profile', 'delete', name, '--project', project]));
      return {
        kind,
        name,
        raw: () => query(target, `/1.0/profiles/${name}`, project),
        set: (c) => run(['profile', 'set', name, ...pairs(c), '--project', project]),
      };
    }
    case 'pool': {
      const name = uniqueName('cfg');
      run(['storage', 'create', name, 'dir']);
      cleanup.defer(() => run(['storage', 'delete', name]));
      return { kind, name, raw: () => query(target, `/1.0/storage-pools/${name}`), set: (c) => run(['storage', 'set', name, ...pairs(c)]) };
    }
    case 'volume': {
      const volume = uniqueName('cfg');
      run(['storage', 'volume', 'create', target.pool, volume, '--project', project]);
      cleanup.defer(() => run(['storage', 'volume', 'delete', target.pool, volume, '--project', project]));
      return {
        kind,
        name: `${target.pool}/custom/${volume}`,
        raw: () => query(target, `/1.0/storage-pools/${target.pool}/volumes/custom/${volume}`, project),
        set: (c) => run(['storage', 'volume', 'set', target.pool, volume, ...pairs(c), '--project', project]),
      };
    }
    case 'network': {
      const name = shortName();
      run(['network', 'create', name, 'ipv4.address=none', 'ipv6.address=none']);
      cleanup.defer(() => run(['network', 'delete', name]));
      return { kind, name, raw: () => query(target, `/1.0/networks/${name}`), set: (c) => run(['network', 'set', name, ...pairs(c)]) };
    }
    case 'project': {
      const name = uniqueName('cfg');
      run(['project', 'create', name]);
      cleanup.defer(() => run(['project', 'delete', name]));
      return { kind, name, raw: () => query(target, `/1.0/projects/${name}`), set: (c) => run(['project', 'set', name, ...pairs(c)]) };
    }
  }
  throw new Error(`no subject of kind ${kind}`);
}

function pairs(config: Record<string, string>): string[] {
  return Object.entries(config).map(([k, v]) => `${k}=${v}`);
}

/** The YAML a user would save: the version's writable fields, with `config` changed as given. */
function edited(kind: EditableKind, version: ConfigVersion, config: Record<string, string> = {}): string {
  const value = { ...version.value, config: { ...(version.value.config as Record<string, string>), ...config } };
  return toYaml(['edited in a test'], kind.schema, value);
}

forEachTarget('configuration editing', (target) => {
  const { project } = testbed();
  const s = useSuite(target);
  const product = target.name === 'lxd' ? 'LXD' : 'Incus';
  const source: ApiSource = { api: (p) => s.client.withProject(p) };
  const address = (subject: Subject, inProject = project): ResourceAddress => ({
    connectionId: 'test',
    project: inProject,
    kind: subject.kind,
    name: subject.name,
  });

  // Which objects come with an ETag decides how a save is protected (LXD 5.0.2: none for storage pools).
  const kinds = ['instance', 'profile', 'pool', 'volume', 'network', 'project'];
  const etagless = target.name === 'lxd' ? ['pool'] : [];

  for (const kind of kinds) {
    it(`${kind === 'instance' ? 'an' : 'a'} ${kind} ${etagless.includes(kind) ? 'comes without an ETag, so' : 'comes with an ETag, and'} a save after a change made elsewhere is refused; saved again from the new version, it applies`, async () => {
      const subject = makeSubject(target, kind, s.cleanup);
      const k = kindNamed(kind);
      const base = await readConfig(k, source, address(subject));
      assert.equal(base.etag === undefined, etagless.includes(kind), `ETag of the ${kind}: ${base.etag}`);

      subject.set({ 'user.lxdx-theirs': 'theirs' });
      await assert.rejects(
        saveConfig({ kind: k, source, address: address(subject), text: edited(k, base, { 'user.lxdx-mine': 'mine' }), base, product }),
        (e: Error) =>
          e instanceof ConfigConflictError &&
          /was changed on the server after you opened it, so your version was not applied\. Use "LXD: Compare with Server Version"/.test(
            e.message,
          ),
      );
      assert.equal(subject.raw().config['user.lxdx-mine'], undefined, 'nothing of the refused save was applied');
      assert.equal(subject.raw().config['user.lxdx-theirs'], 'theirs', 'the change made elsewhere is kept');

      const now = await readConfig(k, source, address(subject));
      await saveConfig({
        kind: k,
        source,
        address: address(subject),
        text: edited(k, now, { 'user.lxdx-mine': 'mine' }),
        base: now,
        product,
      });
      assert.equal(subject.raw().config['user.lxdx-mine'], 'mine');
      assert.equal(subject.raw().config['user.lxdx-theirs'], 'theirs');
    });
  }

  // What the server holds comes back unchanged when the user saves without editing, however YAML would read it.
  const stored: Record<string, string> = {
    'user.decimal': '22.10',
    'user.hex': '0x10',
    'user.octal': '010',
    'user.exp': '1e3',
    'user.fraction': '.5',
    'user.yes': 'yes',
    'user.on': 'on',
    'user.true': 'True',
    'user.tilde': '~',
    'user.null': 'null',
    'user.big': '123456789012345678901',
    'user.negzero': '-0',
    'user.spaces': ' leading and trailing ',
    'user.colon': 'a: b',
    'user.hash': '#not a comment',
    'user.lines': 'line one\nline two\n',
    'user.quoted': '"quoted"',
  };
  for (const kind of ['profile', 'pool']) {
    it(`a ${kind} opened and saved unchanged keeps every value exactly (numbers, booleans, ~, big integers, lines)`, async () => {
      const subject = makeSubject(target, kind, s.cleanup);
      subject.set(stored);
      const before = subject.raw().config;
      for (const [key, value] of Object.entries(stored)) {
        assert.equal(before[key], value, `the CLI stored ${key} as given`);
      }
      const k = kindNamed(kind);
      const base = await readConfig(k, source, address(subject));
      await saveConfig({ kind: k, source, address: address(subject), text: edited(k, base), base, product });
      assert.deepEqual(subject.raw().config, before);
      assert.equal((await readConfig(k, source, address(subject))).tag, base.tag, 'the same version: nothing changed');
    });
  }

  it('sends config values typed without quotes exactly as typed, not as YAML numbers or booleans', async () => {
    const subject = makeSubject(target, 'profile', s.cleanup);
    const k = kindNamed('profile');
    const base = await readConfig(k, source, address(subject));
    const typed = ['22.10', '1e3', '0x10', '010', '.5', '-0', 'yes', 'True', '123456789012345678901'];
    const text = toYaml(['h'], k.schema, base.value).replace(
      'config: {}\n',
      `config:\n${typed.map((t, i) => `  user.t${i}: ${t}\n`).join('')}`,
    );
    await saveConfig({ kind: k, source, address: address(subject), text, base, product });
    assert.deepEqual(subject.raw().config, Object.fromEntries(typed.map((t, i) => [`user.t${i}`, t])));
  });

  describe('bad input gets a clear message and leaves the instance as it was', () => {
    let subject: Subject;
    const k = kindNamed('instance');
    before(() => {
      subject = makeSubject(target, 'instance', s.cleanup);
      subject.set({ 'user.lxdx-a': 'kept' });
    });

    // [what, how the user's text is made from the rendered one, the error class, what the message says]
    const rows: [string, (text: string, v: ConfigVersion) => string, typeof ConfigInputError, RegExp][] = [
      [
        'invalid YAML',
        (t) => t.replace('config:\n', 'config:\n  user.lxdx-b: [1\n'),
        ConfigInputError,
        /^Invalid YAML: line \d+, column \d+: .* Nothing was applied\.$/,
      ],
      [
        'an unknown field',
        (t) => `${t}name: other\n`,
        ConfigInputError,
        /^Unknown field "name": the editable fields are architecture, config, devices, ephemeral, profiles, stateful, description\. Nothing was applied\.$/,
      ],
      [
        'a duplicate key',
        (t) => t.replace('config:\n', 'config:\n  user.lxdx-b: one\n  user.lxdx-b: two\n'),
        ConfigInputError,
        /^Invalid YAML: line \d+, column 3: Map keys must be unique.* Nothing was applied\.$/,
      ],
      [
        'a wrong type for a field',
        (t) => t.replace('ephemeral: false', 'ephemeral: maybe'),
        ConfigInputError,
        /^"ephemeral" must be true or false\. Nothing was applied\.$/,
      ],
      [
        'a list where a config value belongs',
        (t) => t.replace('config:\n', 'config:\n  user.lxdx-b: [1, 2]\n'),
        ConfigInputError,
        /^"config\.user\.lxdx-b" must be a single value, not a list\. Nothing was applied\.$/,
      ],
      [
        'a device without a type',
        (t) => t.replace(/devices: \{\}\n/, 'devices:\n  tmp:\n    path: /mnt\n'),
        ConfigInputError,
        /^Device "tmp" needs a "type" \(disk, nic, …\)\. Nothing was applied\.$/,
      ],
      [
        'an unknown config key',
        (_t, v) => edited(k, v, { 'lxdx.bogus': '1' }),
        ConfigRefusedError,
        /refused the configuration of instance ".*": Invalid config: Unknown configuration key: lxdx\.bogus\. Nothing was applied\.$/,
      ],
      [
        'a value of the wrong type for its key',
        (_t, v) => edited(k, v, { 'security.privileged': 'maybe' }),
        ConfigRefusedError,
        /refused the configuration of instance ".*": Invalid config: Invalid value for a boolean "maybe"\. Nothing was applied\.$/,
      ],
      [
        'a limit LXD cannot read',
        (_t, v) => edited(k, v, { 'limits.cpu': 'many' }),
        ConfigRefusedError,
        /Invalid CPU limit syntax\. Nothing was applied\.$/,
      ],
      [
        'a device of an unknown type',
        (t) => t.replace(/devices: \{\}\n/, 'devices:\n  x:\n    type: bogus\n'),
        ConfigRefusedError,
        /Unsupported device type\. Nothing was applied\.$/,
      ],
      [
        'a profile that does not exist',
        (t) => t.replace(/profiles:\n( {2}- .*\n)+/, 'profiles:\n  - lxdx-no-such-profile\n'),
        ConfigRefusedError,
        /Profile not found\. Nothing was applied\.$/,
      ],
    ];
    for (const [what, make, errorClass, message] of rows) {
      it(`refuses ${what}`, async () => {
        const before = subject.raw();
        const base = await readConfig(k, source, address(subject));
        const text = make(toYaml(['h'], k.schema, base.value), base);
        await assert.rejects(saveConfig({ kind: k, source, address: address(subject), text, base, product }), (e: Error) => {
          assert.ok(e instanceof errorClass, `${errorClass.name}, got ${e.constructor.name}: ${e.message}`);
          assert.match(e.message, message);
          if (errorClass === ConfigRefusedError) {
            assert.match(e.message, new RegExp(`^${product} refused`));
          }
          return true;
        });
        assert.deepEqual(subject.raw(), before, 'the instance as it was, through the CLI');
        assert.equal((await readConfig(k, source, address(subject))).tag, base.tag);
      });
    }

    const names: [string, Partial<ResourceAddress>, RegExp][] = [
      ['an instance named ..', { name: '..' }, /^Not a valid instance name: "\.\." \("\.\." names a folder, not an object\)\./],
      ['an instance named .', { name: '.' }, /^Not a valid instance name: "\."/],
      ['a name with NUL', { name: 'lxdx-a\u0000b' }, /^Not a valid instance name: "lxdx-a\\u0000b" \(it holds a control character\)\./],
      ['a name with CR LF', { name: 'lxdx-a\r\nb' }, /^Not a valid instance name: "lxdx-a\\r\\nb" \(it holds a control character\)\./],
      ['a project named ..', { project: '..' }, /^Not a valid project name: "\.\."/],
      [
        'an instance name of 4 KB',
        { name: 'a'.repeat(4096) },
        /^Not a valid instance name: "a{32}…" \(it is 4096 bytes long; no name is longer than 255\)\./,
      ],
      ['a project name of 4 KB', { project: 'p'.repeat(4096) }, /^Not a valid project name: "p{32}…" \(it is 4096 bytes long; /],
      ['a volume whose type is ..', { kind: 'volume', name: `${target.pool}/../x` }, /^Not a valid volume name: "\.\."/],
    ];
    for (const [what, change, message] of names) {
      it(`refuses ${what} before any request reaches the server`, async () => {
        const requests: RequestTrace[] = [];
        const client = clientFor(target, { onTrace: (t) => requests.push(t) });
        try {
          const counted: ApiSource = { api: (p) => client.withProject(p) };
          const a = { ...address(subject), ...change };
          const kind = kindNamed(a.kind);
          const base = await readConfig(k, source, address(subject));
          await assert.rejects(
            saveConfig({ kind, source: counted, address: a, text: toYaml(['h'], k.schema, base.value), base, product }),
            (e: Error) => {
              assert.ok(e instanceof ConfigInputError, e.message);
              assert.match(e.message, message);
              assert.match(e.message, /Nothing was applied\.$/);
              return true;
            },
          );
          await assert.rejects(readConfig(kind, counted, a), (e: Error) => message.test(e.message));
          assert.deepEqual(requests, [], 'no request was sent');
          assert.equal((await readConfig(k, source, address(subject))).tag, base.tag, 'the instance as it was');
        } finally {
          await client.close();
        }
      });
    }
  });
});
