import * as vscode from 'vscode';
import { log } from '../logger';
import { EventsDocument } from './eventsDocument';
import { LiveDocument } from './liveDocument';

/** Documents that follow their source: `lxd-live://<connection>/…`, read-only. */
export const LIVE_SCHEME = 'lxd-live';

/** The context keys the title-bar actions show by, for the active editor's live document. */
const FOLLOWING_KEY = 'lxd.liveFollowing';
const FILTERED_KEY = 'lxd.eventsFiltered';

/** How long a document read but never shown in a tab keeps following. */
const UNSHOWN_MS = 60_000;

/** Makes the document a URI stands for; undefined when the URI means nothing (any more). */
export type LiveFactory = (uri: vscode.Uri) => LiveDocument | undefined;

interface Entry {
  doc: LiveDocument;
  /** Shown in a tab once: closing the last such tab ends it. */
  shown: boolean;
  subscription: vscode.Disposable;
}

/**
 * The live documents that are open, as the content provider of their scheme. A document lives
 * while a tab shows it: it is made when first asked for (a command, or VS Code restoring an
 * editor), follows at once, and is disposed when its last tab closes. While an editor shows the
 * end of a following document, it stays at the end as lines arrive.
 */
export class LiveDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** Editors the user scrolled away from the end: they stay where they are. */
  private readonly scrolledAway = new WeakSet<vscode.TextEditor>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly create: LiveFactory) {
    this.disposables.push(
      vscode.window.tabGroups.onDidChangeTabs(() => this.closeUnshown()),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.noteScroll(e.textEditor)),
      vscode.workspace.onDidChangeTextDocument((e) => e.document.uri.scheme === LIVE_SCHEME && this.keepAtEnd(e.document)),
    );
  }

  get(uri: vscode.Uri): LiveDocument | undefined {
    return this.entries.get(uri.toString())?.doc;
  }

  /** The live document of `uri`, made and following if it was not open. */
  ensure(uri: vscode.Uri): LiveDocument {
    const existing = this.get(uri);
    if (existing) {
      return existing;
    }
    const doc = this.create(uri);
    if (!doc) {
      throw new Error(`Nothing to show for ${uri.toString()}`);
    }
    const subscription = doc.onDidChange(() => {
      this.changed.fire(doc.uri);
      this.updateContext();
    });
    const entry: Entry = { doc, shown: false, subscription };
    this.entries.set(uri.toString(), entry);
    doc.follow();
    // Read by something that never showed it in a tab (another extension, a peek): it stops in a while.
    setTimeout(() => !entry.shown && this.entries.get(uri.toString()) === entry && this.close(uri.toString(), entry), UNSHOWN_MS).unref();
    return doc;
  }

  /** Opens (or reveals) the document in an editor, at its end. */
  async show(uri: vscode.Uri): Promise<LiveDocument> {
    const doc = this.ensure(uri);
    const text = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(text, { preview: false });
    this.scrolledAway.delete(editor);
    revealEnd(editor);
    this.updateContext();
    return doc;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    try {
      return this.ensure(uri).text();
    } catch (e) {
      return `# ${(e as Error).message}\n`;
    }
  }

  /** The live document of the active editor (title-bar actions act on it when given no URI). */
  active(): LiveDocument | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    return uri?.scheme === LIVE_SCHEME ? this.get(uri) : undefined;
  }

  /** Sets the context keys the title-bar actions use, after a document's state changed. */
  updateContext(): void {
    const doc = this.active();
    void vscode.commands.executeCommand('setContext', FOLLOWING_KEY, !!doc?.following);
    void vscode.commands.executeCommand('setContext', FILTERED_KEY, doc instanceof EventsDocument && doc.filtered);
  }

  private closeUnshown(): void {
    const open = new Map<string, vscode.Uri>();
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        if (tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === LIVE_SCHEME) {
          open.set(tab.input.uri.toString(), tab.input.uri);
        }
      }
    }
    // A tab showing a document VS Code kept after it stopped (read, never shown, for a while): it follows again.
    for (const [key, uri] of open) {
      if (!this.entries.has(key)) {
        this.reopen(uri);
      }
    }
    for (const [key, entry] of this.entries) {
      if (open.has(key)) {
        entry.shown = true;
      } else if (entry.shown) {
        this.close(key, entry);
      }
    }
  }

  private reopen(uri: vscode.Uri): void {
    try {
      this.ensure(uri);
      this.changed.fire(uri);
    } catch (e) {
      log().warn(`Cannot follow ${uri.toString()}: ${(e as Error).message}`);
    }
  }

  private close(key: string, entry: Entry): void {
    log().info(`Closed ${entry.doc.uri.path.replace(/^.*\//, '')}: no longer following it`);
    this.entries.delete(key);
    entry.subscription.dispose();
    entry.doc.dispose();
  }

  private noteScroll(editor: vscode.TextEditor): void {
    if (editor.document.uri.scheme !== LIVE_SCHEME) {
      return;
    }
    if (atEnd(editor)) {
      this.scrolledAway.delete(editor);
    } else {
      this.scrolledAway.add(editor);
    }
  }

  private keepAtEnd(document: vscode.TextDocument): void {
    if (!this.get(document.uri)?.following) {
      return;
    }
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document === document && !this.scrolledAway.has(editor)) {
        revealEnd(editor);
      }
    }
  }

  dispose(): void {
    for (const entry of this.entries.values()) {
      entry.subscription.dispose();
      entry.doc.dispose();
    }
    this.entries.clear();
    this.disposables.forEach((d) => d.dispose());
    this.changed.dispose();
  }
}

function lastLine(editor: vscode.TextEditor): number {
  return Math.max(0, editor.document.lineCount - 1);
}

/** The editor shows the document's last lines (within two lines: the last one is empty). */
function atEnd(editor: vscode.TextEditor): boolean {
  const end = editor.visibleRanges.at(-1)?.end.line ?? 0;
  return end >= lastLine(editor) - 2;
}

function revealEnd(editor: vscode.TextEditor): void {
  const end = new vscode.Position(lastLine(editor), 0);
  editor.revealRange(new vscode.Range(end, end), vscode.TextEditorRevealType.Default);
}
