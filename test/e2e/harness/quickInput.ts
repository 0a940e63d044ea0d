import type { Locator, Page } from 'playwright-core';
import { exactly } from './text';
import { waitFor } from './wait';

/** The quick input widget: the command palette, a quick pick, or an input box. */
export class QuickInput {
  readonly widget: Locator;
  readonly input: Locator;

  constructor(private readonly page: Page) {
    this.widget = page.locator('.quick-input-widget');
    this.input = this.widget.locator('.quick-input-box input');
  }

  async isOpen(timeout = 0): Promise<boolean> {
    if (timeout > 0) {
      await this.widget.waitFor({ timeout }).catch(() => undefined);
    }
    return this.widget.isVisible();
  }

  async waitOpen(timeout = 10_000): Promise<void> {
    await this.widget.waitFor({ timeout });
  }

  async waitClosed(timeout = 10_000): Promise<void> {
    await this.widget.waitFor({ state: 'hidden', timeout });
  }

  async value(): Promise<string> {
    return this.input.inputValue();
  }

  /** The title line, or '' when there is none. */
  async title(): Promise<string> {
    const title = this.widget.locator('.quick-input-title');
    return (await title.isVisible()) ? (await title.innerText()).trim() : '';
  }

  /** The prompt or validation message under the input. */
  async message(): Promise<string> {
    return (await this.widget.locator('.quick-input-message').innerText()).trim();
  }

  /** Labels of the rows shown (the list is virtual: rows far below are not in the DOM). */
  async items(): Promise<string[]> {
    await this.waitOpen();
    return (await this.rows().locator('.label-name').allInnerTexts()).map((label) => label.trim());
  }

  /** Replaces the text in the input. */
  async type(text: string): Promise<void> {
    await this.waitOpen();
    await this.input.fill(text);
  }

  /** Clicks the row whose label is exactly `label` (or matches it). */
  async pick(label: string | RegExp): Promise<void> {
    await this.waitOpen();
    const wanted = typeof label === 'string' ? exactly(label) : label;
    const row = this.rows()
      .filter({ has: this.page.locator('.label-name', { hasText: wanted }) })
      .first();
    await row.waitFor();
    await this.settled();
    const before = { value: await this.value(), title: await this.title() };
    await row.click();
    // Out of the way: a row of the next step that opens under the pointer shows a hover, which
    // covers the row below it.
    await this.page.mouse.move(0, 0);
    // Accepted once the widget closes or moves on to another step (a wizard's next step opens with
    // the same empty value, under another title).
    await waitFor(
      async () => !(await this.widget.isVisible()) || (await this.value()) !== before.value || (await this.title()) !== before.title,
      {
        message: `the quick input to accept ${label}`,
      },
    );
  }

  /** Labels of the rows whose checkbox is ticked (a quick pick with several choices). */
  async checked(): Promise<string[]> {
    await this.waitOpen();
    const rows = await this.rows().all();
    const out: string[] = [];
    for (const row of rows) {
      if ((await row.getAttribute('aria-checked')) === 'true') {
        out.push((await row.locator('.label-name').first().innerText()).trim());
      }
    }
    return out;
  }

  /** Ticks or unticks the row labelled `label` in a quick pick with several choices. */
  async setChecked(label: string | RegExp, checked = true): Promise<void> {
    await this.waitOpen();
    const wanted = typeof label === 'string' ? exactly(label) : label;
    const row = this.rows()
      .filter({ has: this.page.locator('.label-name', { hasText: wanted }) })
      .first();
    await row.waitFor();
    const state = async (): Promise<boolean> => (await row.getAttribute('aria-checked')) === 'true';
    if ((await state()) !== checked) {
      // The first label is the row's own (a row reused from an earlier step keeps a hidden detail label).
      await row.locator('.label-name').first().click();
    }
    await waitFor(async () => (await state()) === checked, { message: `the row ${label} to be ${checked ? 'ticked' : 'unticked'}` });
  }

  /** Fills the input box (when `text` is given) and presses Enter. */
  async submit(text?: string): Promise<void> {
    if (text !== undefined) {
      await this.type(text);
    }
    await this.input.press('Enter');
  }

  async cancel(): Promise<void> {
    await this.input.press('Escape');
    await this.waitClosed();
  }

  /** Waits until two looks at the list, a moment apart, see the same rows: filtering is done. */
  private async settled(): Promise<void> {
    let previous = '';
    await waitFor(
      async () => {
        const now = JSON.stringify(await this.rows().locator('.label-name').allInnerTexts());
        const same = now === previous;
        previous = now;
        return same;
      },
      { interval: 150, message: 'the quick input list to settle' },
    );
  }

  private rows(): Locator {
    return this.widget.locator('.quick-input-list .monaco-list-row');
  }
}
