import { banner } from './banner';
import { byName, compareStrings, type DefNode, type TypeNode } from './model';
import { FALLBACK_MODULE, moduleOf } from './modules';
import { sortSpecs, type LoadedSpec } from './spec';
import { definitionFromSchema, renderDefinition } from './transforms/definition';
import {
  ENDPOINT_HELPERS,
  ENDPOINTS_OVERVIEW,
  renderEndpointTable,
  renderEndpointTypes,
  renderSpecTable,
} from './transforms/endpoints-render';
import { foldEndpoints } from './transforms/endpoints';
import { mergeDefinitions } from './transforms/merge';
import type { RenderContext } from './transforms/render';

export interface GenerateResult {
  /** File name (relative to src/generated/) → contents. */
  files: Map<string, string>;
  warnings: string[];
}

/** Pure: specs in, file texts out. main.ts writes them; the freshness test compares them. */
export function generate(inputs: readonly LoadedSpec[]): GenerateResult {
  const specs = sortSpecs(inputs);
  const ctx: RenderContext = { specs: specs.map((s) => s.info) };
  const head = banner(ctx.specs);
  const warnings: string[] = [];
  const defs = mergeDefinitions(
    specs.map((s) => ({
      specId: s.info.id,
      defs: Object.entries(s.doc.definitions).map(([name, schema]) => definitionFromSchema(name, schema)),
    })),
  );
  const home = new Map(defs.map((d) => [d.name, moduleOf(d.name)]));
  for (const [name, module] of home) {
    if (module === FALLBACK_MODULE) warnings.push(`${name}: no module in codegen/modules.ts, put in ${FALLBACK_MODULE}.ts`);
  }
  const files = new Map<string, string>();
  for (const module of [...new Set(home.values())].sort(compareStrings)) {
    const own = defs.filter((d) => home.get(d.name) === module).sort(byName);
    const body = own.map((d) => renderDefinition(d, ctx)).join('\n');
    files.set(`${module}.ts`, head + importsFor(own.flatMap(defRefs), home, module) + body);
  }
  const endpoints = foldEndpoints(specs);
  const endpointRefs = endpoints.flatMap((e) => [e.body, ...e.responses.map((l) => l.type), ...e.untrusted.map((l) => l.type)]);
  files.set(
    'endpoints.ts',
    head +
      `${ENDPOINTS_OVERVIEW}\n\n` +
      importsFor(
        endpointRefs.flatMap((t) => (t ? typeRefs(t) : [])),
        home,
        'endpoints',
      ) +
      `${renderSpecTable(ctx.specs)}\n${ENDPOINT_HELPERS}\n${renderEndpointTypes(endpoints, ctx)}\n${renderEndpointTable(endpoints, ctx)}`,
  );
  const modules = [...files.keys()].map((f) => f.replace(/\.ts$/, '')).sort(compareStrings);
  files.set('index.ts', head + modules.map((m) => `export * from './${m}';\n`).join(''));
  return { files: new Map([...files.entries()].sort(([a], [b]) => compareStrings(a, b))), warnings };
}

function importsFor(refs: readonly string[], home: ReadonlyMap<string, string>, module: string): string {
  const byModule = new Map<string, Set<string>>();
  for (const ref of refs) {
    const from = home.get(ref);
    if (from === undefined || from === module) continue;
    byModule.set(from, (byModule.get(from) ?? new Set()).add(ref));
  }
  const lines = [...byModule.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([from, names]) => `import type { ${[...names].sort(compareStrings).join(', ')} } from './${from}';\n`);
  return lines.length > 0 ? `${lines.join('')}\n` : '';
}

function defRefs(def: DefNode): string[] {
  return def.body.kind === 'alias' ? typeRefs(def.body.type) : def.body.props.flatMap((p) => typeRefs(p.type));
}

export function typeRefs(type: TypeNode): string[] {
  switch (type.kind) {
    case 'ref':
      return [type.name];
    case 'array':
      return typeRefs(type.items);
    case 'map':
      return typeRefs(type.values);
    case 'union':
      return type.members.flatMap(typeRefs);
    case 'object':
      return type.props.flatMap((p) => typeRefs(p.type));
    default:
      return [];
  }
}
