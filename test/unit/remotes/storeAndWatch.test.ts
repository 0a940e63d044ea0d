import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RemoteStore, SecretStore, StateStore } from '../../../src/remotes/store';
import { ConfigWatcher } from '../../../src/remotes/watch';

function memory(): { state: StateStore & { dump(): string }; secrets: SecretStore & { map: Map<string, string> } } {
  const values = new Map<string, unknown>();
  const map = new Map<string, string>();
  return {
    state: {
      get: <T>(k: string) => values.get(k) as T | undefined,
      update: async (k, v) => void values.set(k, v),
      dump: () => JSON.stringify([...values]),
    },
    secrets: { map, get: async (k) => map.get(k), store: async (k, v) => void map.set(k, v), delete: async (k) => void map.delete(k) },
  };
}

describe('remotes kept by VS Code', () => {
  it('generates one client certificate on first need, and keeps its key only in the secret storage', async () => {
    const { state, secrets } = memory();
    const store = new RemoteStore(state, secrets);
    assert.equal(await store.identity(), undefined);
    const [a, b] = await Promise.all([store.ensureIdentity(), store.ensureIdentity()]);
    assert.equal(a.fingerprint, b.fingerprint, 'two callers at once get the same certificate');
    assert.equal((await store.identity())?.fingerprint, a.fingerprint);
    assert.ok(!state.dump().includes('PRIVATE KEY'));
    assert.match(secrets.map.get('lxd.clientKey') ?? '', /PRIVATE KEY/);
  });

  it('says when the key is gone from the secret storage (a browser-based VS Code after a reload)', async () => {
    const { state, secrets } = memory();
    const store = new RemoteStore(state, secrets);
    await store.ensureIdentity();
    secrets.map.clear();
    assert.equal(await store.identity(), undefined);
    assert.equal(await store.identityLost(), true);
  });

  it('adds, renames, re-pins and removes remotes, refusing a name that exists', async () => {
    const { state, secrets } = memory();
    const store = new RemoteStore(state, secrets);
    const base = { url: 'https://a.example:8443', fingerprint: 'aa'.repeat(32), addedAt: '' };
    await store.add({ name: 'b', ...base });
    await store.add({ name: 'a', ...base });
    await assert.rejects(store.add({ name: 'a', ...base }), /already exists/);
    assert.deepEqual(
      store.list().map((r) => r.name),
      ['a', 'b'],
    );
    await assert.rejects(store.update('a', { name: 'b', ...base }), /already exists/);
    await store.update('a', { name: 'c', ...base, fingerprint: 'bb'.repeat(32) });
    assert.equal(store.get('c')?.fingerprint, 'bb'.repeat(32));
    await store.remove('b');
    assert.deepEqual(
      store.list().map((r) => r.name),
      ['c'],
    );
  });
});

describe("watching the CLIs' configuration", () => {
  const roots: string[] = [];
  after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

  it('reports a rewritten config.yml, and a configuration directory that appears later', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-watch-'));
    roots.push(root);
    const existing = path.join(root, 'lxc');
    const later = path.join(root, 'later', 'incus');
    fs.mkdirSync(existing);
    let changes = 0;
    const watcher = new ConfigWatcher(
      () => [existing, later],
      () => changes++,
      20,
    );
    try {
      const until = async (n: number, what: string): Promise<void> => {
        for (let i = 0; i < 200 && changes < n; i++) {
          await new Promise((r) => setTimeout(r, 10));
        }
        assert.ok(changes >= n, what);
      };
      // The CLIs replace the file by renaming a new one over it.
      fs.writeFileSync(path.join(existing, 'config.yml.tmp'), 'remotes: {}\n');
      fs.renameSync(path.join(existing, 'config.yml.tmp'), path.join(existing, 'config.yml'));
      await until(1, 'the rewritten config.yml is reported');
      const seen = changes;
      fs.mkdirSync(later, { recursive: true });
      await until(seen + 1, 'the new directory is reported');
      const again = changes;
      fs.writeFileSync(path.join(later, 'config.yml'), 'remotes: {}\n');
      await until(again + 1, 'a file in the new directory is reported: it is watched now');
    } finally {
      watcher.dispose();
    }
  });
});
