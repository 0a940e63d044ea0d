import * as vscode from 'vscode';
import { ConnectionManager } from '../../connections/manager';
import { log } from '../../logger';
import { CONFIG_SCHEME } from '../uris';
import { readConfigDocument } from './document';
import { DocumentKeysCache } from './subjects';

const SELECTOR: vscode.DocumentSelector = { scheme: CONFIG_SCHEME };
/** Checks wait for a pause in typing. */
const CHECK_DELAY_MS = 250;

type Logic = typeof import('./logic');

/**
 * Completion, hover and checks of configuration keys in the `lxd-config:` editors. Their logic and
 * the generated table of keys are files of their own, loaded when the first such editor opens, as
 * is the server's key list (`GET /1.0/metadata/configuration`); nothing is loaded before.
 */
export function registerConfigKeys(context: vscode.ExtensionContext, connections: ConnectionManager): void {
  let loaded: Promise<Logic> | undefined;
  const logic = (): Promise<Logic> => (loaded ??= import('./logic'));
  const cache = new DocumentKeysCache(
    connections,
    logic().then(
      (l) =>
        new l.KeySources(
          () => import('../../generated/configKeys'),
          (m) => log().warn(m),
        ),
    ),
  );
  const problems = vscode.languages.createDiagnosticCollection('lxd-config');
  const pending = new Map<string, ReturnType<typeof setTimeout>>();

  const check = async (doc: vscode.TextDocument): Promise<void> => {
    const found = await cache.of(doc).catch((e: Error) => log().warn(`Configuration keys of ${doc.uri.path}: ${e.message}`));
    if (!found || doc.isClosed) {
      return;
    }
    const { diagnose } = await logic();
    problems.set(
      doc.uri,
      diagnose(readConfigDocument(doc.getText()), found.keys, found.subject).map((p) => {
        const d = new vscode.Diagnostic(
          new vscode.Range(doc.positionAt(p.start), doc.positionAt(p.end)),
          p.message,
          severityOf(p.severity),
        );
        d.source = 'LXD Explorer';
        return d;
      }),
    );
  };
  const schedule = (doc: vscode.TextDocument): void => {
    if (doc.uri.scheme !== CONFIG_SCHEME) {
      return;
    }
    const key = doc.uri.toString();
    clearTimeout(pending.get(key));
    pending.set(
      key,
      setTimeout(() => {
        pending.delete(key);
        void check(doc);
      }, CHECK_DELAY_MS),
    );
  };

  context.subscriptions.push(
    cache,
    problems,
    vscode.workspace.onDidOpenTextDocument(schedule),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => problems.delete(d.uri)),
    // An editor restored before its server connected is checked once it is.
    connections.onDidChange(() => vscode.workspace.textDocuments.forEach(schedule)),
    vscode.languages.registerCompletionItemProvider(
      SELECTOR,
      { provideCompletionItems: async (doc, pos) => complete(await logic(), cache, doc, pos) },
      '.',
    ),
    vscode.languages.registerHoverProvider(SELECTOR, { provideHover: async (doc, pos) => hover(await logic(), cache, doc, pos) }),
    { dispose: () => pending.forEach((t) => clearTimeout(t)) },
  );
  vscode.workspace.textDocuments.forEach(schedule);
}

function severityOf(s: 'error' | 'warning'): vscode.DiagnosticSeverity {
  return s === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
}

async function complete(
  logic: Logic,
  cache: DocumentKeysCache,
  doc: vscode.TextDocument,
  pos: vscode.Position,
): Promise<vscode.CompletionItem[]> {
  const spot = logic.spotAt(doc.getText(), doc.offsetAt(pos));
  const found = spot && (await cache.of(doc));
  if (!spot || !found) {
    return [];
  }
  return logic.suggest(spot, found.keys, found.subject).map((s) => {
    const item = new vscode.CompletionItem(
      { label: s.label, description: s.description },
      s.isValue ? vscode.CompletionItemKind.Value : vscode.CompletionItemKind.Property,
    );
    item.insertText = new vscode.SnippetString(s.insert);
    item.range = new vscode.Range(doc.positionAt(s.start), doc.positionAt(s.end));
    item.filterText = s.label;
    if (s.documentation) {
      item.documentation = new vscode.MarkdownString(s.documentation);
    }
    if (s.remove) {
      item.additionalTextEdits = [vscode.TextEdit.delete(new vscode.Range(doc.positionAt(s.remove.start), doc.positionAt(s.remove.end)))];
    }
    return item;
  });
}

async function hover(
  logic: Logic,
  cache: DocumentKeysCache,
  doc: vscode.TextDocument,
  pos: vscode.Position,
): Promise<vscode.Hover | undefined> {
  const offset = doc.offsetAt(pos);
  const spot = logic.spotAt(doc.getText(), offset);
  if (spot?.at !== 'key' || offset > spot.end || !spot.key) {
    return undefined;
  }
  const found = await cache.of(doc);
  const key = found && found.keys.find(logic.blockAreas(spot.block, found.keys, found.subject), spot.key);
  if (!found || !key) {
    return undefined;
  }
  return new vscode.Hover(
    new vscode.MarkdownString(logic.describeKey(key, spot.key, found.keys.lists)),
    new vscode.Range(doc.positionAt(spot.start), doc.positionAt(spot.end)),
  );
}
