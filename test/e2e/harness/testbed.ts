import * as fs from 'fs';
import * as path from 'path';
import { readEnvFile } from '../../support/testbed';

/** The repository root (this file runs from out/test/e2e/harness/). */
export const repoRoot = path.resolve(__dirname, '../../../..');

/** What scripts/testbed.sh wrote to .testbed/env; a variable set in the environment wins. */
export interface TestbedEnv {
  codeServer: string;
  chromium: string;
  /** Every LXDX_* variable, for passing on to child processes. */
  vars: Record<string, string>;
}

export function readTestbedEnv(): TestbedEnv {
  const testbedDir = process.env.LXDX_TESTBED_DIR ?? path.join(repoRoot, '.testbed');
  const file = path.join(testbedDir, 'env');
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: run scripts/testbed.sh first`);
  }
  const vars = readEnvFile(file);
  return {
    codeServer: vars.LXDX_CODE_SERVER ?? '',
    chromium: vars.LXDX_CHROMIUM || '/usr/bin/chromium',
    vars,
  };
}

/** The packaged extension under test: LXDX_VSIX, else the one `npm run package` builds. */
export function vsixPath(): string {
  return path.resolve(process.env.LXDX_VSIX ?? path.join(repoRoot, 'lxd-explorer.vsix'));
}
