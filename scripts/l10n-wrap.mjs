#!/usr/bin/env node
// Wraps the user-facing strings of src/ (not src/client/, not src/generated/) in vscode.l10n.t, so
// l10n/bundle.l10n.json (npm run l10n) lists them for translators. Idempotent: a string already
// wrapped is left alone, and a second run changes nothing.
//
//   node scripts/l10n-wrap.mjs            rewrite the files, print what changed
//   node scripts/l10n-wrap.mjs --check    change nothing; exit 1 if a string would be wrapped
//   node scripts/l10n-wrap.mjs --list     also print every string wrapped
//
// Which strings: those the type checker sees flowing into a place VS Code shows to the user (SINKS
// below: message and button texts, progress titles and messages, quick pick and input box titles,
// prompts and placeholders, validation messages, tree item labels, descriptions and tooltips,
// status bar texts, Markdown tooltips), and the project's own functions that pass text on to those
// (PROJECT_SINKS). Ids, keys, settings, log lines and everything compared by code stay as they are.
// A file is changed only if it already imports `vscode` as a value (`import * as vscode`): pure
// modules, which unit tests load without VS Code, are never touched.
import ts from 'typescript';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const check = args.has('--check');
const list = args.has('--list');

/** Places in vscode.d.ts whose strings the user reads (key: see declKey). */
const SINKS = [
  /^window\.show(Information|Warning|Error)Message\.(message|items)$/,
  /^MessageOptions\.detail$/,
  /^ProgressOptions\.title$/,
  /^window\.withProgress\.task\.progress\.message$/,
  /^(InputBoxOptions|QuickPickOptions)\.(title|prompt|placeHolder)$/,
  /^(QuickInput\.title|InputBox\.(prompt|placeholder|validationMessage)|QuickPick\.placeholder)$/,
  /^(OpenDialogOptions\.(title|openLabel)|SaveDialogOptions\.(title|saveLabel))$/,
  /^QuickPickItem\.(description|detail)$/,
  /^TreeItem\.(description|tooltip)$/,
  /^TreeItem\.constructor\.label$/,
  /^TreeView\.(message|title|description)$/,
  /^StatusBarItem\.(text|tooltip|name)$/,
  /^MarkdownString\.(constructor\.value|appendMarkdown\.value|appendText\.value)$/,
  /^l10n\.t\.args$/,
];
/** Functions whose returned string the user reads. */
const RETURN_SINKS = [/^InputBoxOptions\.validateInput$/];
/** The project's own functions and options that hand text on to VS Code (path#key). */
const PROJECT_SINKS = [
  /^src\/commands\/wrapper\.ts#(UserError\.constructor\.message|failed\.what)$/,
  /^src\/commands\/.*#.*\b(title|noneMessage)$/,
  /^src\/commands\/remotes\/_steps\.ts#confirm\.(message|detail|button)$/,
  /^src\/views\/node\.ts#MessageNode\.constructor\.(text|options\.tooltip)$/,
];
/** Button texts: what the call resolves with is compared by the caller, see buttonsSafe. */
const BUTTONS = [/^window\.show(Information|Warning|Error)Message\.items$/, /^src\/commands\/remotes\/_steps\.ts#confirm\.button$/];

function sourceFiles() {
  const out = ts.sys.readDirectory(join(root, 'src'), ['.ts']);
  const skip = [join(root, 'src', 'client') + sep, join(root, 'src', 'generated') + sep];
  return out.filter((f) => !f.endsWith('.d.ts') && !skip.some((s) => resolve(f).startsWith(s))).sort();
}

function program(files) {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  return ts.createProgram(files, { ...config.options, noEmit: true });
}

/** "window.showWarningMessage.message", "InputBoxOptions.title", "MessageNode.constructor.options.tooltip". */
function declKey(decl) {
  const names = [];
  for (let n = decl; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isModuleDeclaration(n) && ts.isStringLiteral(n.name)) {
      break;
    }
    if (ts.isConstructorDeclaration(n)) {
      names.push('constructor');
    } else if (n.name && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name))) {
      names.push(n.name.text);
    }
  }
  return names.reverse().join('.');
}

function fileKey(decl) {
  const file = decl.getSourceFile().fileName;
  if (file.endsWith(`${sep}vscode${sep}index.d.ts`) || file.endsWith('/vscode/index.d.ts')) {
    return { vscode: true, key: declKey(decl) };
  }
  const rel = relative(root, file).split(sep).join('/');
  return { vscode: false, key: `${rel}#${declKey(decl)}` };
}

function matches(decls, vscodePatterns, projectPatterns) {
  for (const d of decls ?? []) {
    const { vscode, key } = fileKey(d);
    if ((vscode ? vscodePatterns : projectPatterns).some((p) => p.test(key))) {
      return true;
    }
  }
  return false;
}

function isL10nCall(node, ns) {
  return (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    node.expression.name.text === 't' &&
    ts.isPropertyAccessExpression(node.expression.expression) &&
    node.expression.expression.name.text === 'l10n' &&
    ts.isIdentifier(node.expression.expression.expression) &&
    node.expression.expression.expression.text === ns
  );
}

function skipOuter(node) {
  let n = node;
  while (
    n.parent &&
    (ts.isParenthesizedExpression(n.parent) ||
      ts.isAwaitExpression(n.parent) ||
      ts.isAsExpression(n.parent) ||
      ts.isNonNullExpression(n.parent))
  ) {
    n = n.parent;
  }
  return n;
}

function rewriteFile(checker, sf) {
  const ns = vscodeNamespace(sf);
  if (!ns) {
    return { text: undefined, wrapped: [] };
  }

  /** The declarations of the place an expression flows into, or undefined. */
  function sinkDecls(expr) {
    const n = skipOuter(expr);
    const p = n.parent;
    if (!p) {
      return undefined;
    }
    if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.arguments?.includes(n)) {
      const sig = checker.getResolvedSignature(p);
      const decl = sig?.declaration;
      if (!decl || !decl.parameters) {
        return undefined;
      }
      const i = p.arguments.indexOf(n);
      const params = decl.parameters;
      const param = i < params.length ? params[i] : params[params.length - 1]?.dotDotDotToken ? params[params.length - 1] : undefined;
      return param ? [param] : undefined;
    }
    if (ts.isPropertyAssignment(p) && p.initializer === n && ts.isObjectLiteralExpression(p.parent)) {
      const type = checker.getContextualType(p.parent);
      const name = p.name.getText(sf);
      const prop = type && checker.getPropertyOfType(checker.getApparentType(type), name);
      const fromUnion = type?.isUnion() ? type.types.map((t) => checker.getPropertyOfType(t, name)).filter(Boolean) : [];
      return [...(prop?.declarations ?? []), ...fromUnion.flatMap((s) => s.declarations ?? [])];
    }
    if (ts.isShorthandPropertyAssignment(p)) {
      return undefined;
    }
    if (
      ts.isBinaryExpression(p) &&
      p.right === n &&
      p.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(p.left)
    ) {
      return checker.getSymbolAtLocation(p.left.name)?.declarations;
    }
    if (ts.isReturnStatement(p) || (ts.isArrowFunction(p) && p.body === n)) {
      const fn = ts.isArrowFunction(p) ? p : ts.findAncestor(p, ts.isFunctionLike);
      if (fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn))) {
        const holder = ts.isMethodDeclaration(fn) ? fn : fn.parent;
        if (holder && (ts.isPropertyAssignment(holder) || ts.isMethodDeclaration(holder)) && ts.isObjectLiteralExpression(holder.parent)) {
          const type = checker.getContextualType(holder.parent);
          const prop = type && checker.getPropertyOfType(checker.getApparentType(type), holder.name.getText(sf));
          if (prop && matches(prop.declarations, RETURN_SINKS, [])) {
            return prop.declarations;
          }
        }
      }
    }
    return undefined;
  }

  const isSink = (expr) => matches(sinkDecls(expr), SINKS, PROJECT_SINKS);
  const isButton = (expr) => matches(sinkDecls(expr), BUTTONS, BUTTONS);

  /** Every read of a const declared in this file, or undefined if it is not such a const. */
  function constRefs(id) {
    const sym = checker.getSymbolAtLocation(id);
    const decl = sym?.valueDeclaration;
    if (
      !decl ||
      !ts.isVariableDeclaration(decl) ||
      decl.getSourceFile() !== sf ||
      !(decl.parent.flags & ts.NodeFlags.Const) ||
      !decl.initializer
    ) {
      return undefined;
    }
    const refs = [];
    const visit = (node) => {
      if (ts.isIdentifier(node) && node !== decl.name && node.text === id.text && checker.getSymbolAtLocation(node) === sym) {
        refs.push(node);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
    return { decl, refs };
  }

  const equality = new Set([
    ts.SyntaxKind.EqualsEqualsEqualsToken,
    ts.SyntaxKind.ExclamationEqualsEqualsToken,
    ts.SyntaxKind.EqualsEqualsToken,
    ts.SyntaxKind.ExclamationEqualsToken,
  ]);
  const otherSide = (ref) => {
    const n = skipOuter(ref);
    const p = n.parent;
    if (ts.isBinaryExpression(p) && equality.has(p.operatorToken.kind)) {
      return p.left === n ? p.right : p.left;
    }
    return undefined;
  };

  /**
   * A show*Message call's buttons may be translated only if what it resolves with is compared and
   * nothing else: then the compared literals are translated with them (the same l10n.t, the same
   * value). Returns the literals to rewrite, or undefined when the result goes elsewhere.
   */
  function comparedLiterals(call) {
    const n = skipOuter(call);
    const p = n.parent;
    if (ts.isExpressionStatement(p) || ts.isVoidExpression(p)) {
      return [];
    }
    if (!ts.isVariableDeclaration(p) || !ts.isIdentifier(p.name)) {
      return undefined;
    }
    const found = constRefs(p.name);
    if (!found) {
      return undefined;
    }
    const literals = [];
    for (const ref of found.refs) {
      const other = otherSide(ref);
      if (other === undefined) {
        return undefined;
      }
      const inner = skipParens(other);
      if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) {
        literals.push(inner);
      }
    }
    return literals;
  }

  const edits = [];
  const wrapped = [];
  const claimed = (node) => edits.some((e) => node.getStart(sf) < e.end && e.start < node.getEnd());

  /** Wraps a string; true if it now is. A button's type is inferred from it: any string fits. */
  function wrapLeaf(node, button = false) {
    if (claimed(node) || (!button && !takesAnyString(checker, node))) {
      return false;
    }
    const made = l10nText(checker, sf, ns, node);
    if (made) {
      edits.push({ start: node.getStart(sf), end: node.getEnd(), text: made.text });
      wrapped.push(made.message);
    }
    return !!made;
  }

  /** The string leaves an expression can evaluate to: a ? 'x' : 'y', a || 'x', const m = 'x'. */
  function leaves(expr, use, seen = new Set()) {
    const e = skipParens(expr);
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isTemplateExpression(e)) {
      use(e);
    } else if (ts.isConditionalExpression(e)) {
      leaves(e.whenTrue, use, seen);
      leaves(e.whenFalse, use, seen);
    } else if (
      ts.isBinaryExpression(e) &&
      (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
    ) {
      leaves(e.right, use, seen);
    } else if (ts.isIdentifier(e) && !seen.has(e.text)) {
      // A const whose every read is a place the user sees (or a button and its comparisons).
      const found = constRefs(e);
      if (found && found.refs.every((r) => isSink(r) || isButton(r) || otherSide(r) !== undefined)) {
        seen.add(e.text);
        leaves(found.decl.initializer, use, seen);
      }
    }
  }

  const visit = (node) => {
    if (ts.isExpression(node) && !ts.isParenthesizedExpression(node) && node.parent && !isL10nCall(node, ns)) {
      if (isButton(node)) {
        const call = skipOuter(node).parent;
        const literals = comparedLiterals(call);
        if (literals) {
          const texts = new Set();
          leaves(node, (leaf) => {
            if (!ts.isTemplateExpression(leaf) && wrapLeaf(leaf, true)) {
              texts.add(leaf.text);
            }
          });
          literals.filter((l) => texts.has(l.text)).forEach((l) => wrapLeaf(l, true));
        }
      } else if (isSink(node)) {
        leaves(node, wrapLeaf);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (!edits.length) {
    return { text: undefined, wrapped };
  }
  let text = sf.text;
  for (const e of edits.sort((a, b) => b.start - a.start)) {
    text = text.slice(0, e.start) + e.text + text.slice(e.end);
  }
  return { text, wrapped };
}

/** False where only certain strings fit (`kind: 'a' | 'b'`): a translated one would not compile. */
function takesAnyString(checker, node) {
  const type = checker.getContextualType(node);
  if (!type) {
    return true;
  }
  const parts = type.isUnion() ? type.types : [type];
  return !parts.every((t) => t.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void));
}

function skipParens(node) {
  let n = node;
  while (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isNonNullExpression(n)) {
    n = n.expression;
  }
  return n;
}

/** The name `vscode` is imported as, if the file already needs it at run time. */
function vscodeNamespace(sf) {
  for (const s of sf.statements) {
    if (
      ts.isImportDeclaration(s) &&
      ts.isStringLiteral(s.moduleSpecifier) &&
      s.moduleSpecifier.text === 'vscode' &&
      !s.importClause?.isTypeOnly &&
      s.importClause?.namedBindings &&
      ts.isNamespaceImport(s.importClause.namedBindings)
    ) {
      const ns = s.importClause.namedBindings.name.text;
      return usedAsValue(sf, ns) ? ns : undefined;
    }
  }
  return undefined;
}

/** `vscode.window…` in an expression, not only `vscode.Uri` in types: the import stays in the JS. */
function usedAsValue(sf, ns) {
  let found = false;
  const visit = (node) => {
    if (found) {
      return;
    }
    if (
      ts.isPropertyAccessExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === ns &&
      !ts.findAncestor(node, (a) => ts.isTypeNode(a) || ts.isExpressionWithTypeArguments(a))
    ) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Text a translator can work with: letters outside `$(icon)` codicons. */
function hasWords(text) {
  return /\p{L}/u.test(text.replace(/\$\([\w~-]+\)/g, ''));
}

function quote(text) {
  return `'${text.replace(/[\\'\n\r\t\u2028\u2029]|[\u0000-\u001f]/g, (c) => ({ '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

/** `vscode.l10n.t('Deleted {0}', name)` for a literal or template; undefined for no words. */
function l10nText(checker, sf, ns, node) {
  let message;
  const argTexts = [];
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    message = node.text;
  } else {
    message = node.head.text;
    node.templateSpans.forEach((span, i) => {
      message += `{${i}}${span.literal.text}`;
      argTexts.push(argText(checker, sf, span.expression));
    });
  }
  const literalText = ts.isTemplateExpression(node) ? [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('') : message;
  // `{0}` in the text itself would be read as a placeholder; an address or a path is no sentence.
  if (!hasWords(literalText) || /\{\d+\}/.test(literalText) || (!/\s/.test(message) && /[:/.]/.test(message))) {
    return undefined;
  }
  return { message, text: `${ns}.l10n.t(${[quote(message), ...argTexts].join(', ')})` };
}

/** l10n.t takes strings, numbers and booleans; anything else is made a string as a template would. */
function argText(checker, sf, expr) {
  const text = expr.getText(sf);
  const type = checker.getTypeAtLocation(expr);
  const parts = type.isUnion() ? type.types : [type];
  const plain = parts.every((t) => t.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike));
  const comma = ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.CommaToken;
  if (plain) {
    return comma ? `(${text})` : text;
  }
  return `String(${text})`;
}

const files = sourceFiles();
let total = 0;
const changedFiles = new Set();
// Wrapping a template can expose literals inside it as arguments of l10n.t: run to a fixed point.
for (let pass = 1; pass <= 5; pass++) {
  const prog = program(files);
  const checker = prog.getTypeChecker();
  let changed = 0;
  for (const file of files) {
    const sf = prog.getSourceFile(file);
    const { text, wrapped } = rewriteFile(checker, sf);
    if (text === undefined) {
      continue;
    }
    changed++;
    changedFiles.add(file);
    total += wrapped.length;
    const rel = relative(root, file);
    console.log(`${rel}: ${wrapped.length}`);
    if (list) {
      wrapped.forEach((m) => console.log(`    ${JSON.stringify(m)}`));
    }
    if (!check) {
      writeFileSync(file, text);
    }
  }
  if (!changed || check) {
    break;
  }
}
console.log(`${check ? 'would wrap' : 'wrapped'} ${total} strings in ${changedFiles.size} files`);
if (check && total) {
  process.exit(1);
}
