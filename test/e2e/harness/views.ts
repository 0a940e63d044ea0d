import type { Locator } from 'playwright-core';
import { exactly } from './text';
import { clickPaneHeader, Workbench } from './workbench';

/** Every view of the LXD container; some are there only while the server is clustered or busy. */
const LXD_VIEWS = ['Instances', 'Images', 'Image Servers', 'Networks', 'Storage', 'Profiles', 'Projects', 'Cluster Members', 'Operations'];

/** Shows one LXD view alone (the others collapsed), so its rows have room and stay in the DOM. */
export async function onlyView(wb: Workbench, title: string): Promise<Locator> {
  await wb.openViewContainer('LXD');
  for (const other of LXD_VIEWS) {
    const header = wb.page.locator('.pane-header', { has: wb.page.locator('.title', { hasText: exactly(other, 'i') }) }).first();
    if (other !== title && (await header.count()) && (await header.getAttribute('aria-expanded')) === 'true') {
      await clickPaneHeader(header);
      // Out of the way: a pointer left on a header shows the hover of its title action under it
      // (Create Storage Pool…), which covers the view's first row.
      await wb.page.mouse.move(0, 0);
    }
  }
  return wb.view(title);
}

/** Every row of the LXD view titled `view` labelled `label`, there or not, without changing the layout. */
export function viewRows(wb: Workbench, view: string, label: string): Locator {
  return wb.page
    .locator('.pane', { has: wb.page.locator('.pane-header .title', { hasText: exactly(view, 'i') }) })
    .locator('.monaco-list-row', { has: wb.page.locator('.label-name', { hasText: exactly(label) }) });
}

/** The row of a tree view whose label is `label`, once it is there. */
export async function viewRow(wb: Workbench, view: string, label: string, timeout = 20_000): Promise<Locator> {
  const pane = await onlyView(wb, view);
  const r = pane.locator('.monaco-list-row', { has: wb.page.locator('.label-name', { hasText: exactly(label) }) }).first();
  await r.waitFor({ timeout });
  return r;
}

/** Waits until a tree view no longer has a row labelled `label`. */
export async function viewRowGone(wb: Workbench, view: string, label: string, timeout = 20_000): Promise<void> {
  const pane = await onlyView(wb, view);
  await pane
    .locator('.monaco-list-row', { has: wb.page.locator('.label-name', { hasText: exactly(label) }) })
    .waitFor({ state: 'detached', timeout });
}

/**
 * Waits until the quick input shows the wizard step whose title matches: a RegExp, or a step name
 * that ends the title (`Create Instance on lxd (lxdx-test): image`).
 */
export async function atStep(wb: Workbench, step: RegExp | string, timeout = 20_000): Promise<void> {
  const matches = (title: string): boolean => (typeof step === 'string' ? title.endsWith(`: ${step}`) : step.test(title));
  await wb.waitFor(async () => matches(await wb.quickPick().title()), { message: `the wizard step ${step}`, timeout });
}

/** The create wizard from its name step: the name, then whatever steps the server asks for (profiles, cluster member), then "Start now" (or `start`). */
export async function finishWizard(wb: Workbench, name: string, start = 'Start now'): Promise<void> {
  await atStep(wb, 'name');
  await wb.inputBox().submit(name);
  for (;;) {
    await atStep(wb, /: (profiles|cluster member|start)$/);
    const title = await wb.quickPick().title();
    if (title.endsWith(': start')) {
      await wb.quickPick().pick(start);
      return;
    }
    if (title.endsWith(': profiles')) {
      await wb.quickPick().submit();
    } else {
      await wb.quickPick().pick(/Automatic/);
    }
    await wb.waitFor(async () => (await wb.quickPick().title()) !== title, { message: `the wizard to leave ${title}` });
  }
}

/** Answers VS Code's modal dialog with `button`, after a screenshot; returns what it said. */
export async function answerModal(wb: Workbench, button: string, timeout = 30_000): Promise<{ message: string; detail: string }> {
  const box = wb.page.locator('.monaco-dialog-box');
  await box.waitFor({ timeout });
  const message = (await box.locator('.dialog-message-text').innerText()).trim();
  const detail = (
    await box
      .locator('.dialog-message-detail')
      .innerText()
      .catch(() => '')
  ).trim();
  await wb.screenshot(`modal ${message}`);
  await box.locator('.dialog-buttons .monaco-button', { hasText: exactly(button) }).click();
  await box.waitFor({ state: 'hidden' });
  return { message, detail };
}

/** Types into the open input box and waits until its validation message matches `problem`; returns it. */
export async function expectRefused(wb: Workbench, text: string, problem: RegExp): Promise<string> {
  const input = wb.inputBox();
  await input.type(text);
  return wb.waitFor(
    async () => {
      const message = await input.message();
      return problem.test(message) && message;
    },
    { message: `"${text}" to be refused with ${problem}` },
  );
}
