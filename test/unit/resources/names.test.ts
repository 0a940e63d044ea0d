import * as assert from 'node:assert/strict';
import { aliasNameProblem } from '../../../src/commands/images/_validate';
import { profileNameProblem } from '../../../src/commands/profiles/_validate';
import { PROJECT_FEATURES, featureConfig, projectNameProblem } from '../../../src/commands/projects/_validate';
import { storageNameProblem } from '../../../src/commands/pools/_validate';
import { sizeProblem } from '../../../src/commands/volumes/_validate';
import { usedByName, usedByNames } from '../../../src/views/profiles/usedBy';

type Case = [value: string, accepted: boolean];

function table(what: string, problem: (v: string) => string | undefined, cases: Case[]): void {
  for (const [value, accepted] of cases) {
    it(`${accepted ? 'accepts' : 'refuses'} the ${what} "${value}"`, () =>
      assert.equal(problem(value) === undefined, accepted, problem(value)));
  }
}

describe('Names of images aliases, profiles, projects, pools and volumes', () => {
  table('alias', (v) => aliasNameProblem(v, ['taken']), [
    ['debian-12', true],
    ['my alias', true],
    ['', false],
    ['a/b', false],
    [' padded', false],
    ['taken', false],
  ]);

  table('profile name', (v) => profileNameProblem(v, ['default']), [
    ['web', true],
    ['with space', true], // LXD accepts it
    ['', false],
    ['a/b', false],
    ['.', false],
    ['..', false],
    ['default', false],
  ]);

  table('project name', (v) => projectNameProblem(v, ['default']), [
    ['staging', true],
    ['team.a', true],
    ['', false],
    ['a/b', false],
    ['a b', false],
    ['a_b', false],
    ["it's", false],
    ['*', false],
    ['default', false],
  ]);

  table('pool name', (v) => storageNameProblem(v, 'pool', ['default']), [
    ['fast', true],
    ['', false],
    ['a/b', false],
    ['.', false],
    ['default', false],
  ]);

  table('volume size', sizeProblem, [
    ['', true],
    ['10GiB', true],
    ['500MB', true],
    ['1048576', true],
    ['8kB', true],
    ['8KB', false],
    ['8 MiB', false],
    ['1.5GiB', false],
    ['8m', false],
  ]);

  it('says which pool a volume name is taken in', () =>
    assert.match(storageNameProblem('data', 'volume', ['data']) ?? '', /custom volume named "data" already exists in this pool/));
});

describe('Project features offered at creation', () => {
  it('turns on images, profiles and storage volumes by default, as LXD-UI does', () => {
    const on = PROJECT_FEATURES.filter((f) => f.byDefault).map((f) => f.key);
    assert.deepEqual(on, ['features.images', 'features.profiles', 'features.storage.volumes', 'features.storage.buckets']);
  });

  it('writes every offered feature, true or false, and nothing else', () => {
    const offered = PROJECT_FEATURES.filter((f) => !f.extension);
    assert.deepEqual(featureConfig(offered, ['features.images', 'features.networks']), {
      'features.images': 'true',
      'features.profiles': 'false',
      'features.storage.volumes': 'false',
    });
  });
});

describe('What a used_by URL names', () => {
  const cases: [url: string, name: string][] = [
    ['/1.0/instances/c1', 'c1'],
    ['/1.0/instances/c1?project=p', 'c1'],
    ['/1.0/instances/c1/snapshots/s0?project=p', 'c1/s0'],
    ['/1.0/profiles/web?project=p', 'profile web'],
    ['/1.0/images/c126a02a0788', 'image c126a02a0788'],
    ['/1.0/storage-pools/default/volumes/custom/data', 'volume data'],
    ['/1.0/networks/lxdbr0', 'network lxdbr0'],
    ['/1.0/instances/caf%C3%A9', 'café'],
  ];
  for (const [url, name] of cases) {
    it(`names ${url} "${name}"`, () => assert.equal(usedByName(url), name));
  }

  it('lists an instance once although LXD names it twice', () =>
    assert.deepEqual(usedByNames(['/1.0/instances/c1', '/1.0/instances/c1?project=default']), ['c1']));
});
