/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, not with the extension */
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

/**
 * The `yaml` package, required on first use: only the configuration editors, Show Details and the
 * CLIs' remote files need it, so the bundle leaves it in a module of its own (dist/yaml.js, 115 KB)
 * instead of loading it with the extension.
 */
export function yaml(): typeof Yaml {
  return (loaded ??= require('yaml') as typeof Yaml);
}
