import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { identifySpec, loadSpec, type LoadedSpec, type Schema, type SpecInfo, type SwaggerDoc } from '../../../codegen/spec';
import type { TypeNode } from '../../../codegen/model';
import { renderType } from '../../../codegen/transforms/render';
import { schemaToType } from '../../../codegen/transforms/schema';

/** Compiled to out/test/unit/codegen/, so the repository root is four levels up. */
export const REPO_ROOT = resolve(__dirname, '../../../..');
export const SPEC_FILES = ['lxd-5.0-rest-api.yaml', 'lxd-5.19-rest-api.yaml', 'incus-6.0-rest-api.yaml', 'incus-rest-api.yaml'];

/**
 * The specs are data beside the checkout (`../shared/specs`), never in it. A clone made from a local
 * checkout (as the pre-stop check and CI do) finds them beside its origin; `LXDX_SPECS_DIR` wins.
 */
export const SPECS_DIR = findSpecsDir();

function findSpecsDir(): string {
  const candidates = [process.env.LXDX_SPECS_DIR, resolve(REPO_ROOT, '../shared/specs')];
  try {
    const origin = execFileSync('git', ['config', '--get', 'remote.origin.url'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    if (isAbsolute(origin)) {
      candidates.push(resolve(origin, '../shared/specs'));
    }
  } catch {
    // Not a clone, or no origin: the other candidates decide.
  }
  const found = candidates.find((d): d is string => !!d && SPEC_FILES.every((f) => existsSync(resolve(d, f))));
  if (!found) {
    throw new Error(
      `The Swagger specs were not found (looked in ${candidates.filter(Boolean).join(', ')}). Put them at ../shared/specs or set LXDX_SPECS_DIR.`,
    );
  }
  return found;
}

let realSpecs: LoadedSpec[] | undefined;

/** The four real specs, parsed once per mocha run (parsing takes about a second). */
export function loadRealSpecs(): LoadedSpec[] {
  realSpecs ??= SPEC_FILES.map((file) => loadSpec(resolve(SPECS_DIR, file)));
  return realSpecs;
}

export function specInfo(id: string): SpecInfo {
  return identifySpec(`${id}-rest-api.yaml`, '0'.repeat(64));
}

/** A spec with just the parts a test needs. */
export function fixtureSpec(id: string, doc: Partial<SwaggerDoc>): LoadedSpec {
  return { info: specInfo(id), doc: { swagger: '2.0', definitions: {}, paths: {}, ...doc } };
}

export const FOUR_SPECS: SpecInfo[] = ['lxd-5.0', 'lxd-5.19', 'incus-6.0', 'incus'].map(specInfo);

export function tsOf(type: TypeNode, specs: SpecInfo[] = FOUR_SPECS): string {
  return renderType(type, { specs });
}

export function schemaTs(schema: Schema): string {
  return tsOf(schemaToType(schema));
}
