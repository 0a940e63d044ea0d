import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import { QuickInput } from './quickInput';
import { exactly, slug } from './text';
import { WaitAborted, waitFor, WaitOptions } from './wait';

/** A command id (`workbench.action.terminal.new`) rather than a title (`Terminal: Create New Terminal`). */
function isCommandId(text: string): boolean {
  return /^[\w-]+(\.[\w-]+)+$/.test(text);
}

export interface Dialog {
  box: Locator;
  /** The first line, in bold. */
  message: string;
  /** The text under it ('' when there is none). */
  detail: string;
  /** The buttons' labels, as shown. */
  buttons: string[];
  /** Clicks a button and waits until the dialog is gone. */
  clickButton(label: string): Promise<void>;
}

export interface Notification {
  toast: Locator;
  message: string;
  clickButton(label: string): Promise<void>;
  dismiss(): Promise<void>;
}

/** What a test does to VS Code, the way a person would: palette, views, menus, terminal. */
export class Workbench {
  private readonly titles = new Map<string, string>();
  private shots = 0;
  /** Set by the session before each test, so screenshots say which test took them. */
  testName = '';

  constructor(
    readonly page: Page,
    readonly artifactsDir: string,
  ) {}

  readonly waitFor = waitFor;

  /** Waits until the workbench is laid out and takes keyboard input. */
  async waitUntilReady(timeout = 60_000): Promise<void> {
    for (const part of ['.part.activitybar', '.part.statusbar', '.part.editor']) {
      await this.page.locator(`.monaco-workbench ${part}`).waitFor({ timeout });
    }
    // The remote connection is up once the server-side explorer shows the workspace folder.
    await this.page.locator('.part.sidebar .pane-header').first().waitFor({ timeout });
  }

  /** Saves a PNG of the whole page under test-artifacts/e2e/<suite>/ and returns its path. */
  async screenshot(name: string): Promise<string> {
    this.shots += 1;
    const prefix = String(this.shots).padStart(2, '0');
    const file = path.join(this.artifactsDir, `${prefix}-${slug(this.testName || 'suite')}-${slug(name)}.png`);
    fs.mkdirSync(this.artifactsDir, { recursive: true });
    await this.page.screenshot({ path: file, caret: 'hide', animations: 'disabled' });
    return file;
  }

  quickPick(): QuickInput {
    return new QuickInput(this.page);
  }

  inputBox(): QuickInput {
    return new QuickInput(this.page);
  }

  /** Runs a command through the command palette, by its title or by its id. */
  async runCommand(titleOrId: string): Promise<void> {
    const title = isCommandId(titleOrId) ? await this.commandTitle(titleOrId) : titleOrId;
    const palette = await this.openPalette();
    await palette.type(`>${title}`);
    await palette.pick(title);
  }

  /**
   * The palette title of a command id, looked up in the Keyboard Shortcuts editor (which
   * lists every command, with its id): the palette itself matches ids only loosely.
   */
  async commandTitle(id: string): Promise<string> {
    const known = this.titles.get(id);
    if (known) {
      return known;
    }
    await this.runCommand('Preferences: Open Keyboard Shortcuts');
    const search = this.page.locator('.keybindings-editor .keybindings-header input');
    await search.fill(`@command:${id}`);
    const suffix = ` (${id})`;
    const label = await waitFor(
      async () => {
        const labels = await this.page
          .locator('.keybindings-editor .command')
          .evaluateAll((commands) => commands.map((command) => command.getAttribute('aria-label') ?? ''));
        for (const aria of labels) {
          if (aria.endsWith(suffix)) {
            return aria.slice(0, -suffix.length);
          }
        }
        return undefined;
      },
      { message: `command ${id} in the Keyboard Shortcuts editor` },
    );
    await this.runCommand('View: Close Editor');
    this.titles.set(id, label);
    return label;
  }

  /**
   * Opens the quick input from the title bar's command center, not with F1: a key pressed
   * while the terminal has focus makes VS Code show a one-time "keybindings don't go to the
   * terminal" notification.
   */
  async openPalette(): Promise<QuickInput> {
    const palette = this.quickPick();
    const commandCenter = this.page.locator('.part.titlebar .command-center-quick-pick');
    // A quick input still open is another's (a command's question, a wizard left by a failed
    // test): the palette would take its place in the same widget, and its rows are not the palette's.
    if (await palette.isOpen()) {
      await this.page.keyboard.press('Escape');
      await palette.waitClosed();
    }
    await waitFor(
      async () => {
        if (!(await palette.isOpen())) {
          if (await commandCenter.isVisible()) {
            await commandCenter.click();
          } else {
            await this.page.keyboard.press('F1');
          }
        }
        return palette.isOpen(2_000);
      },
      { timeout: 20_000, message: 'the command palette to open' },
    );
    return palette;
  }

  /** Opens a view container (Explorer, Extensions, LXD...) from the activity bar. */
  async openViewContainer(title: string): Promise<void> {
    const item = this.page.locator('.part.activitybar .action-item').filter({
      has: this.page.locator(`a.action-label[aria-label^="${title.replace(/"/g, '\\"')}"]`),
    });
    await item.first().waitFor();
    const checked = async (): Promise<boolean> => (await item.first().getAttribute('class'))?.includes('checked') ?? false;
    if (!(await checked())) {
      await item.first().click();
      // Out of the way, so the activity bar's tooltip does not cover the side bar.
      await this.page.mouse.move(0, 0);
    }
    await waitFor(async () => (await checked()) && this.page.locator('.part.sidebar').isVisible(), {
      message: `the ${title} view container to open`,
    });
  }

  /**
   * Drags the side bar's edge until it is `width` pixels wide (long labels and descriptions then
   * show whole rather than cut short with an ellipsis).
   */
  async resizeSideBar(width: number): Promise<void> {
    const sidebar = await this.page.locator('.part.sidebar').boundingBox();
    if (!sidebar || Math.abs(sidebar.width - width) < 2) {
      return;
    }
    const edge = sidebar.x + sidebar.width;
    const y = sidebar.y + sidebar.height / 2;
    await this.page.mouse.move(edge, y);
    await this.page.mouse.down();
    await this.page.mouse.move(edge + (width - sidebar.width) / 2, y, { steps: 4 });
    await this.page.mouse.move(sidebar.x + width, y, { steps: 4 });
    await this.page.mouse.up();
    // Off the sash, which stays highlighted under the pointer.
    await this.page.mouse.move(0, 0);
    await waitFor(async () => Math.abs(((await this.page.locator('.part.sidebar').boundingBox())?.width ?? 0) - width) < 2, {
      message: `the side bar to be ${width} pixels wide`,
    });
  }

  /** `dark` or `light`: which of a contributed icon's two files the current color theme shows. */
  async themeKind(): Promise<'dark' | 'light'> {
    const classes = (await this.page.locator('.monaco-workbench').first().getAttribute('class')) ?? '';
    return /\b(vs-dark|hc-black)\b/.test(classes) ? 'dark' : 'light';
  }

  /** A view (pane) in the side bar or panel, by its title; expanded if it was collapsed. */
  async view(title: string): Promise<Locator> {
    const pane = this.page
      .locator('.pane')
      .filter({ has: this.page.locator('.pane-header .title', { hasText: exactly(title, 'i') }) })
      .first();
    await pane.waitFor();
    const header = pane.locator('.pane-header').first();
    if ((await header.getAttribute('aria-expanded')) === 'false') {
      await clickPaneHeader(header);
      // Out of the way, so the hover of a title action under the pointer does not cover the first row.
      await this.page.mouse.move(0, 0);
    }
    return pane;
  }

  /** A row of a tree view, by its label. */
  async treeItem(viewTitle: string, label: string): Promise<Locator> {
    const pane = await this.view(viewTitle);
    const row = pane
      .locator('.monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) })
      .first();
    await row.waitFor();
    return row;
  }

  /** Right-clicks `target` and chooses `itemLabel` from its context menu. */
  async contextMenu(target: Locator, itemLabel: string): Promise<void> {
    const menu = this.page.locator('.context-view .monaco-menu');
    // An item's accessible name includes its keybinding: match the label alone.
    const item = menu.locator('.action-item').filter({ has: this.page.locator('.action-label', { hasText: exactly(itemLabel) }) });
    const focused = async (l: Locator): Promise<boolean> => ((await l.getAttribute('class')) ?? '').split(' ').includes('focused');
    // A right-clicked row of a list or tree takes the focus. A row the list moved just before the
    // click (rows came or went above it) was not the row clicked: close that menu and click again.
    const isRow = (await target.getAttribute('class'))?.split(' ').includes('monaco-list-row');
    // VS Code also closes the menu when the tree redraws between the item taking focus and the
    // Enter: the Enter then lands on the tree and the command never runs. Where the Enter went is
    // noted in the page, and such a menu is opened again.
    const choose = async (): Promise<boolean> => {
      await this.page.evaluate(MENU_ENTER_WATCH);
      await this.page.keyboard.press('Enter');
      return (await this.page.evaluate(MENU_ENTER_READ)) === true;
    };
    await waitFor(
      async () => {
        await target.click({ button: 'right' });
        await menu.waitFor();
        if (isRow && !(await focused(target))) {
          await this.page.keyboard.press('Escape');
          await menu.waitFor({ state: 'hidden' });
          return false;
        }
        // A click straight after the menu opened can go unheard, so hover (which focuses the item)
        // and press Enter, as a keyboard user would. VS Code closes an open context menu when the
        // tree under it redraws (an event from the server): a user opens it again, and so do we.
        try {
          await item.hover({ timeout: 15_000 });
          await waitFor(() => focused(item), { timeout: 5_000, message: `the menu item ${itemLabel} to take focus` });
        } catch (e) {
          if (await menu.isVisible()) {
            throw new WaitAborted(`the context menu has no item ${itemLabel}: ${(e as Error).message}`);
          }
          console.log(`      [harness] the context menu closed before ${itemLabel} could be chosen (the tree redrew): opening it again`);
          return false;
        }
        if (!(await choose())) {
          console.log(
            `      [harness] the context menu closed before the Enter on ${itemLabel} reached it (the tree redrew): opening it again`,
          );
          return false;
        }
        return true;
      },
      { timeout: 60_000, message: `the context menu of the row meant, not of one the list moved under the mouse, with ${itemLabel}` },
    );
    await menu.waitFor({ state: 'hidden' });
    // Out of the way, so no hover tooltip of whatever row lay under the menu covers the view.
    await this.page.mouse.move(0, 0);
  }

  /** Waits for a notification toast whose message matches `text`. */
  async notification(text: RegExp, options: WaitOptions = {}): Promise<Notification> {
    const toast = this.page
      .locator('.notifications-toasts .notification-toast')
      .filter({ has: this.page.locator('.notification-list-item-message', { hasText: text }) })
      .first();
    await toast.waitFor({ timeout: options.timeout ?? 10_000 });
    const message = (await toast.locator('.notification-list-item-message').innerText()).trim();
    return {
      toast,
      message,
      clickButton: (label) => toast.getByRole('button', { name: exactly(label) }).click(),
      dismiss: async () => {
        await toast.hover();
        await toast.locator('.codicon-notifications-clear').click();
        await toast.waitFor({ state: 'hidden' });
      },
    };
  }

  /** Waits for a modal dialog (e.g. showWarningMessage with `modal: true`). */
  async dialog(options: WaitOptions = {}): Promise<Dialog> {
    const box = this.page.locator('.monaco-dialog-box');
    await box.waitFor({ timeout: options.timeout ?? 10_000 });
    // A modal without a detail shows its message in the detail's place (no .dialog-message-text).
    const textNode = box.locator('.dialog-message-text');
    const detailNode = box.locator('.dialog-message-detail');
    const hasText = (await textNode.count()) > 0;
    const message = (await (hasText ? textNode : detailNode).innerText()).trim();
    const detail = hasText && (await detailNode.count()) ? (await detailNode.innerText()).trim() : '';
    const buttons = (await box.locator('.dialog-buttons .monaco-button').allInnerTexts()).map((b) => b.trim());
    return {
      box,
      message,
      detail,
      buttons,
      clickButton: async (label) => {
        await box.locator('.dialog-buttons .monaco-button', { hasText: exactly(label) }).click();
        await box.waitFor({ state: 'hidden' });
      },
    };
  }

  /** The file name of a tree row's icon (`container-running-dark.svg`), or '' for a theme icon. */
  async treeItemIcon(row: Locator): Promise<string> {
    const style = await row
      .locator('.custom-view-tree-node-item-icon')
      .first()
      .evaluate((el) => (el as unknown as { style: { backgroundImage: string } }).style.backgroundImage);
    return /([^/"')?]+\.svg)/.exec(decodeURIComponent(style))?.[1] ?? '';
  }

  /** The description a tree row shows after its label ('' when none). */
  async treeItemDescription(row: Locator): Promise<string> {
    const description = row.locator('.label-description').first();
    return (await description.count()) ? (await description.innerText()).trim() : '';
  }

  private activeTerminal(): Locator {
    return this.page.locator('.terminal-wrapper.active .xterm').first();
  }

  /**
   * The visible rows of the active terminal, as text. Needs the DOM renderer
   * (terminal.integrated.gpuAcceleration: "off"), which the harness settings choose.
   */
  async terminalText(): Promise<string> {
    const rows = await this.activeTerminal().locator('.xterm-rows > div').allInnerTexts();
    return rows
      .map((row) => row.replace(/\u00a0/g, ' ').trimEnd())
      .join('\n')
      .trimEnd();
  }

  /** Types into the active terminal; '\n' presses Enter. */
  async typeInTerminal(text: string): Promise<void> {
    await this.activeTerminal().click();
    await this.page.keyboard.type(text);
  }

  /** Presses a key in the active terminal, in playwright's words (`Control+C`). */
  async pressInTerminal(key: string): Promise<void> {
    await this.activeTerminal().click();
    await this.page.keyboard.press(key);
  }

  /** What the text editor of the active editor group shows (non-breaking spaces read as spaces). */
  async editorText(): Promise<string> {
    const editor = this.page.locator('.editor-group-container.active .monaco-editor').first();
    return (await editor.locator('.view-lines').first().innerText()).replace(/\u00a0/g, ' ');
  }
}

/**
 * Expands or collapses a view by clicking its header where only the header is: at its twistie on
 * the left. Playwright clicks an element's middle, which on a narrow side bar is one of the view's
 * title actions (a Filter… or Create Storage Pool… button) that the click would run instead.
 */
export async function clickPaneHeader(header: Locator): Promise<void> {
  await header.click({ position: { x: 10, y: 10 } });
}

/** Runs in the page: notes, for the next Enter's keydown and keyup, whether it reached an open context menu. */
const MENU_ENTER_WATCH = `(() => {
  const note = (e) => {
    const el = e.target;
    if (e.key === 'Enter') { window.lxdxMenuEnter.inMenu.push(!!el && !!el.isConnected && !!el.closest && !!el.closest('.context-view .monaco-menu')); }
  };
  window.lxdxMenuEnter = { inMenu: [], note };
  document.addEventListener('keydown', note, true);
  document.addEventListener('keyup', note, true);
})()`;

/** Runs in the page: stops MENU_ENTER_WATCH, and answers whether the Enter reached the menu. */
const MENU_ENTER_READ = `(() => {
  const w = window.lxdxMenuEnter;
  document.removeEventListener('keydown', w.note, true);
  document.removeEventListener('keyup', w.note, true);
  return w.inMenu.some((inMenu) => inMenu);
})()`;
