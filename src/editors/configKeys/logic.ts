/**
 * What the configuration-key providers (index.ts) load when the first configuration editor opens:
 * esbuild writes this module to dist/configKeysLogic.js, out of the extension's bundle. Pure logic,
 * no VS Code; the YAML parser stays in the bundle (document.ts), which the config editors use anyway.
 */
export { blockAreas } from './areas';
export { suggest } from './complete';
export { describeKey } from './describe';
export { diagnose } from './diagnose';
export { KeySources } from './sources';
export { spotAt } from './spot';
