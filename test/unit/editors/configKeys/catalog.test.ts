import * as assert from 'node:assert/strict';
import { KeyCatalog } from '../../../../src/editors/configKeys/catalog';
import { METADATA, group } from './fixtures';

describe('config keys: a key list', () => {
  const catalog = KeyCatalog.from(METADATA);

  it('finds a key by its name, with its section and fields', () => {
    const k = catalog.find(['instance'], 'limits.memory');
    assert.equal(k?.section, 'instance/resource-limits');
    assert.equal(k?.fields.type, 'string');
    assert.equal(catalog.find(['project'], 'limits.memory'), undefined, 'an instance key is not a project key');
  });

  it('reads *, <name> and a segment in capitals as placeholders, but not a size such as 1GB', () => {
    assert.equal(catalog.find(['instance'], 'user.foo')?.key, 'user.*');
    assert.equal(catalog.find(['instance'], 'user.a.b')?.key, 'user.*');
    assert.equal(catalog.find(['instance'], 'user.'), undefined, 'user.* needs a name');
    assert.equal(catalog.find(['instance'], 'volatile.eth0.hwaddr')?.key, 'volatile.<name>.hwaddr');
    assert.equal(catalog.find(['instance'], 'volatile.eth0.x.hwaddr'), undefined, '<name> is one segment');
    assert.equal(catalog.find(['project'], 'limits.disk.pool.default')?.key, 'limits.disk.pool.POOL_NAME');
    const sizes = KeyCatalog.from({ configs: { instance: { limits: group({ 'limits.hugepages.1GB': { type: 'string' } }) } } });
    assert.equal(sizes.find(['instance'], 'limits.hugepages.1GB')?.pattern, undefined);
    assert.equal(sizes.find(['instance'], 'limits.hugepages.2GB'), undefined);
  });

  it('prefers a key of its own name to a pattern, and the most specific pattern', () => {
    const c = KeyCatalog.from({
      configs: {
        instance: { a: group({ 'user.*': { type: 'string' }, 'user.special': { type: 'bool' }, 'user.<x>.*': { type: 'integer' } }) },
      },
    });
    assert.equal(c.find(['instance'], 'user.special')?.fields.type, 'bool');
    assert.equal(c.find(['instance'], 'user.a.b')?.key, 'user.<x>.*');
    assert.equal(c.find(['instance'], 'user.other')?.key, 'user.*');
  });

  it('says which areas it covers: an entity, or one group of it', () => {
    assert.ok(catalog.covers('instance'));
    assert.ok(catalog.covers('devices/disk'));
    assert.ok(!catalog.covers('devices/nic'));
    assert.ok(!catalog.covers('network_bridge'));
    assert.deepEqual(catalog.sectionsOf('devices'), ['devices/disk', 'devices/unix-char-block']);
  });
});
