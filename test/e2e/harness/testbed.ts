import * as fs from 'fs';
import * as path from 'path';

/** The repository root (this file runs from out/test/e2e/harness/). */
export const repoRoot = path.resolve(__dirname, '../../../..');

/** What scripts/testbed.sh wrote to .testbed/env; a variable set in the environment wins. */
export interface TestbedEnv {
  testbedDir: string;
  lxdSocket: string;
  incusSocket: string;
  /** host:port, or '' when that daemon has no HTTPS listener. */
  lxdHttps: string;
  incusHttps: string;
  project: string;
  image: string;
  codeServer: string;
  chromium: string;
  /** The daemons the test bed started itself: only these may be stopped or restarted. */
  owned: Array<'lxd' | 'incus'>;
  /** Every LXDX_* variable, for passing on to child processes. */
  vars: Record<string, string>;
}

function parseEnvFile(file: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const match = /^(?:export\s+)?([A-Z0-9_]+)="?(.*?)"?$/.exec(line.trim());
    if (match) {
      vars[match[1]] = match[2];
    }
  }
  return vars;
}

export function readTestbedEnv(): TestbedEnv {
  const testbedDir = process.env.LXDX_TESTBED_DIR ?? path.join(repoRoot, '.testbed');
  const file = path.join(testbedDir, 'env');
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: run scripts/testbed.sh first`);
  }
  const vars = parseEnvFile(file);
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('LXDX_') && value !== undefined) {
      vars[key] = value;
    }
  }
  const get = (key: string): string => vars[key] ?? '';
  return {
    testbedDir,
    lxdSocket: get('LXDX_LXD_SOCKET'),
    incusSocket: get('LXDX_INCUS_SOCKET'),
    lxdHttps: get('LXDX_LXD_HTTPS'),
    incusHttps: get('LXDX_INCUS_HTTPS'),
    project: get('LXDX_PROJECT'),
    image: get('LXDX_IMAGE'),
    codeServer: get('LXDX_CODE_SERVER'),
    chromium: get('LXDX_CHROMIUM') || '/usr/bin/chromium',
    owned: get('LXDX_OWNED')
      .split(/\s+/)
      .filter((d): d is 'lxd' | 'incus' => d === 'lxd' || d === 'incus'),
    vars,
  };
}

/** The packaged extension under test: LXDX_VSIX, else the one `npm run package` builds. */
export function vsixPath(): string {
  return path.resolve(process.env.LXDX_VSIX ?? path.join(repoRoot, 'lxd-explorer.vsix'));
}
