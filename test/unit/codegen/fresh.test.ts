import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_BANNER_HEAD } from '../../../codegen/config/transform';
import { generate } from '../../../codegen/generate';
import { loadRealSpecs, REPO_ROOT } from './fixtures';

const GENERATED = join(REPO_ROOT, 'src/generated');
const FIX = 'run `npm run codegen` and commit src/generated/';

/** The files `npm run codegen` writes: not those of `npm run codegen:config` (configKeys.test.ts and the integration suite check those). */
function swaggerFiles(): string[] {
  return readdirSync(GENERATED).filter((name) => !readFileSync(join(GENERATED, name), 'utf8').startsWith(CONFIG_BANNER_HEAD));
}

describe('codegen: src/generated/ is fresh', function () {
  this.timeout(30_000);

  it('matches a fresh run of the generator on the four specs, file by file', () => {
    const { files } = generate(loadRealSpecs());
    for (const [name, wanted] of files) {
      const path = join(GENERATED, name);
      assert.ok(existsSync(path), `src/generated/${name} is missing: ${FIX}`);
      // Not assert.equal: a diff of a 9,000-line file helps nobody; the command does.
      assert.ok(readFileSync(path, 'utf8') === wanted, `src/generated/${name} is stale: ${FIX}`);
    }
    const extra = swaggerFiles().filter((name) => !files.has(name));
    assert.deepEqual(extra, [], `src/generated/ holds files the generator does not write: ${FIX}`);
  });

  it('opens every file with the do-not-edit banner, the command and the spec hashes', () => {
    const specs = loadRealSpecs();
    for (const name of swaggerFiles()) {
      const head = readFileSync(join(GENERATED, name), 'utf8').split('\n').slice(0, 10).join('\n');
      assert.match(head, /DO NOT EDIT/, name);
      assert.match(head, /npm run codegen/, name);
      for (const spec of specs)
        assert.ok(head.includes(`${spec.info.fileName}`) && head.includes(spec.info.sha256), `${name}: ${spec.info.fileName}`);
    }
  });

  it('gives the same output whatever the order of the spec arguments', () => {
    const specs = loadRealSpecs();
    const forward = generate(specs).files;
    const backward = generate([...specs].reverse()).files;
    assert.deepEqual([...backward.entries()], [...forward.entries()]);
  });
});
