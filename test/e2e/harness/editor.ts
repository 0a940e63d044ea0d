import type { Locator } from 'playwright-core';
import { escapeRegExp } from './text';
import { Workbench } from './workbench';

/** The text editor of the active editor group (for a diff editor, its left side). */
export function activeEditor(wb: Workbench): Locator {
  return wb.page.locator('.editor-group-container.active .monaco-editor').first();
}

/** What `editor` shows (non-breaking spaces in the DOM read as spaces). */
export async function textOf(editor: Locator): Promise<string> {
  return (await editor.locator('.view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

/** Selects the only `text` in `editor` with its find widget, which it then closes. */
export async function selectOnly(wb: Workbench, editor: Locator, text: string): Promise<void> {
  await editor.locator('.view-lines').first().click();
  await wb.page.keyboard.press('Control+Home');
  await wb.page.keyboard.press('Control+F');
  const find = editor.locator('.find-widget.visible textarea').first();
  await find.fill(text);
  const count = editor.locator('.find-widget .matchesCount');
  await wb.waitFor(async () => / of 1$/.test((await count.innerText()).trim()), { message: `"${text}" to be found once in the editor` });
  // Enter selects the match (the count then reads "1 of 1"); Escape leaves it selected.
  await find.press('Enter');
  await wb.waitFor(async () => (await count.innerText()).trim() === '1 of 1', { message: `"${text}" to be selected` });
  await find.press('Escape');
}

/** Selects the only `text` in `editor` and types `replacement` over it. */
export async function replaceIn(wb: Workbench, editor: Locator, text: string, replacement: string): Promise<void> {
  await selectOnly(wb, editor, text);
  await wb.page.keyboard.insertText(replacement);
  await wb.waitFor(async () => (await textOf(editor)).includes(replacement), { message: `the editor to show "${replacement}"` });
}

/** The two sides of the diff editor in the active group: the server's version and the user's text. */
export function diffSides(wb: Workbench): { original: Locator; modified: Locator } {
  const diff = wb.page.locator('.editor-group-container.active .monaco-diff-editor');
  return {
    original: diff.locator('.editor.original .monaco-editor').first(),
    modified: diff.locator('.editor.modified .monaco-editor').first(),
  };
}

/** Clicks an action of the active editor's title bar by its title ("Stop Following"). */
export async function clickEditorAction(wb: Workbench, title: string): Promise<void> {
  await editorAction(wb, title).click();
}

/** Whether the active editor's title bar offers the action `title` now. */
export async function hasEditorAction(wb: Workbench, title: string): Promise<boolean> {
  return (await editorAction(wb, title).count()) > 0;
}

function editorAction(wb: Workbench, title: string): Locator {
  return wb.page.locator(`.editor-group-container.active .editor-actions .action-label[aria-label^="${title}"]`).first();
}

/**
 * How many times the active editor holds `text`, anywhere in the document, lines out of view
 * too: its find widget (opened with Ctrl+F, left open) counts. It counts again as the document grows.
 */
export async function countInEditor(wb: Workbench, text: string): Promise<number> {
  const editor = activeEditor(wb);
  const find = editor.locator('.find-widget.visible textarea').first();
  if (!(await find.isVisible())) {
    await editor.locator('.view-lines').first().click();
    await wb.page.keyboard.press('Control+F');
  }
  if ((await find.inputValue()) !== text) {
    await find.fill(text);
  }
  const count = (await editor.locator('.find-widget .matchesCount').innerText()).trim();
  const m = /^(?:\?|\d+) of (\d+)$/.exec(count);
  return m ? Number(m[1]) : 0;
}

/** A line of the active editor that holds `text`, when it is in view. */
export function editorLine(wb: Workbench, text: string): Locator {
  // The editor writes spaces as non-breaking ones.
  return activeEditor(wb)
    .locator('.view-line', { hasText: new RegExp(escapeRegExp(text).replace(/ /g, '[ \u00a0]')) })
    .first();
}
