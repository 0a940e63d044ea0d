import { resolve } from 'node:path';
import { identifySpec, loadSpec, type LoadedSpec, type Schema, type SpecInfo, type SwaggerDoc } from '../../../codegen/spec';
import type { TypeNode } from '../../../codegen/model';
import { renderType } from '../../../codegen/transforms/render';
import { schemaToType } from '../../../codegen/transforms/schema';

/** Compiled to out/test/unit/codegen/, so the repository root is four levels up. */
export const REPO_ROOT = resolve(__dirname, '../../../..');
export const SPECS_DIR = resolve(REPO_ROOT, '../shared/specs');
export const SPEC_FILES = ['lxd-5.0-rest-api.yaml', 'lxd-5.19-rest-api.yaml', 'incus-6.0-rest-api.yaml', 'incus-rest-api.yaml'];

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
