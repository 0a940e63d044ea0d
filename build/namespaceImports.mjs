// `import * as vscode from 'vscode'` without a copy of the API per module.
//
// esbuild turns each `import * as x from 'external'` of a CommonJS bundle into
// `__toESM(require('external'))`, which copies every property of the module onto a new object with a
// getter per property: once per importing file. The extension has over a hundred such imports of
// `vscode` (an API object of about 400 names) and a few dozen of Node's modules, so loading the
// bundle spent tens of milliseconds and as much again in garbage collection on copies (about a
// third of VS Code's activation figure for the extension, seen in a CPU profile of the bundle's load).
//
// This plugin gives each such module one ES module in the bundle that requires it once and exports
// its names. Importers then read those names directly (esbuild hoists ES modules into one scope),
// and names nothing uses are dropped from the bundle.
import { readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';

const require = createRequire(import.meta.url);

/** The names `vscode` exports at run time, read from the API's type declarations. */
function vscodeNames() {
  const types = readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  return [...new Set([...types.matchAll(/^\s*export (?:namespace|class|enum|function|const|let|var) (\w+)/gm)].map((m) => m[1]))];
}

/** The names a Node built-in module exports, read from the Node that builds (the same major as the target's). */
function nodeNames(name) {
  return Object.keys(require(name)).filter((key) => /^[A-Za-z_$][\w$]*$/.test(key) && key !== 'default');
}

const NAMESPACE = 'namespace-import';

/**
 * The module that stands for `specifier` in the bundle: it requires the real one once and exports
 * each of `names` (read when the bundle loads, as the importers read them before).
 */
function moduleFor(specifier, names) {
  // Local names that no export name can clash with; each export is `export { $<i> as <name> }`.
  return [
    `const $real = require(${JSON.stringify(specifier)});`,
    'function $read(name) { return $real[name]; }',
    'export default $real;',
    ...names.map((name, i) => `const $${i} = /* @__PURE__ */ $read(${JSON.stringify(name)}); export { $${i} as ${name} };`),
  ].join('\n');
}

export const namespaceImports = {
  name: 'namespace-imports',
  setup(build) {
    const names = new Map();
    build.onResolve({ filter: /^(vscode|node:[\w/]+|[a-z_]+(\/[a-z_]+)?)$/ }, (args) => {
      if (args.path !== 'vscode' && !isBuiltin(args.path)) {
        return undefined;
      }
      // The stand-in's own require, and CommonJS requires in packages, get the real module.
      if (args.namespace === NAMESPACE || args.kind !== 'import-statement') {
        return { path: args.path, external: true };
      }
      return { path: args.path, namespace: NAMESPACE };
    });
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
      if (!names.has(args.path)) {
        names.set(args.path, args.path === 'vscode' ? vscodeNames() : nodeNames(args.path));
      }
      return { contents: moduleFor(args.path, names.get(args.path)), loader: 'js' };
    });
  },
};
