import * as assert from 'node:assert/strict';
import ts from 'typescript';
import { generate } from '../../../codegen/generate';
import { loadRealSpecs } from './fixtures';

const ROOT = '/generated/';
const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  lib: ['lib.es2022.d.ts'],
  types: [],
};

/** Library files parsed once and shared by all four programs: that is most of the time saved. */
const libCache = new Map<string, ts.SourceFile | undefined>();

// Besides the files themselves, use the lookup types once, so a broken helper type fails here too.
const USAGE =
  "import type { EndpointResponse, EndpointBody, EndpointUntrustedResponse } from './index';\n" +
  "import { endpoints } from './index';\n" +
  "export const path: '/1.0/instances' = endpoints['GET /1.0/instances'].path;\n" +
  "export type Listed = EndpointResponse<'GET /1.0/instances', 1>;\n" +
  "export type Created = EndpointBody<'POST /1.0/instances'>;\n" +
  "export type Public = EndpointUntrustedResponse<'GET /1.0'>;\n";

/** Type-checks the generated files in memory: nothing is written, and the real src/generated/ is not involved. */
function diagnostics(generated: ReadonlyMap<string, string>, withUsage = true): string[] {
  const files = new Map(generated);
  if (withUsage) files.set('usage.ts', USAGE);
  const inMemory = (fileName: string): string | undefined =>
    fileName.startsWith(ROOT) ? files.get(fileName.slice(ROOT.length)) : undefined;
  const host = ts.createCompilerHost(OPTIONS);
  const { getSourceFile, fileExists, readFile, directoryExists } = host;
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const text = inMemory(fileName);
    if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
    if (!libCache.has(fileName)) libCache.set(fileName, getSourceFile.call(host, fileName, languageVersion, ...rest));
    return libCache.get(fileName);
  };
  host.fileExists = (fileName) => inMemory(fileName) !== undefined || (!fileName.startsWith(ROOT) && fileExists.call(host, fileName));
  host.readFile = (fileName) => inMemory(fileName) ?? readFile.call(host, fileName);
  host.directoryExists = (dir) => `${dir}/`.startsWith(ROOT) || (directoryExists?.call(host, dir) ?? false);
  const program = ts.createProgram(
    [...files.keys()].map((name) => ROOT + name),
    OPTIONS,
    host,
  );
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
}

describe('codegen: output compiles under strict tsc', function () {
  this.timeout(60_000);

  for (const file of ['lxd-5.0', 'lxd-5.19', 'incus-6.0', 'incus']) {
    it(`from ${file}-rest-api.yaml alone`, () => {
      const spec = loadRealSpecs().find((s) => s.info.id === file);
      assert.ok(spec, file);
      assert.deepEqual(diagnostics(generate([spec]).files), []);
    });
  }

  it('from all four specs merged', () => {
    assert.deepEqual(diagnostics(generate(loadRealSpecs()).files), []);
  });

  it('reports a type error, so the checks above can fail', () => {
    const broken = new Map([['index.ts', 'export const x: number = "no";\n']]);
    assert.equal(diagnostics(broken, false).length, 1);
  });
});
