import * as vscode from 'vscode';
import { FilterSpec, ViewFilter, describeFilter, parseFilter } from '../views/arrangement/filter';
import { facetValues } from '../views/arrangement/specs';
import { FilteredView } from '../views/arrangement/store';
import { CommandContext } from './context';
import { askPick, cancelled } from './targets';

interface FacetItem extends vscode.QuickPickItem {
  facet: string;
  value: string;
}

/**
 * The Filter… picker of a view: type part of a name (or `key:value` words, as the view's
 * description prints them), tick the values of each facet to show, Enter applies. The ticks come
 * from what is listed already: nothing is asked of the servers. Escape leaves the filter as it was.
 */
async function pickFilter<T>(opts: { title: string; spec: FilterSpec<T>; rows: readonly T[]; current: ViewFilter }): Promise<ViewFilter> {
  const { spec, rows, current } = opts;
  const items: (FacetItem | vscode.QuickPickItem)[] = [];
  const selected: FacetItem[] = [];
  for (const facet of spec.facets) {
    const chosen = current.facets[facet.key] ?? [];
    const values = facetValues(facet, rows, chosen);
    // A facet with one value to offer (one project, no cluster) narrows nothing.
    if (values.length < 2 && chosen.length === 0) {
      continue;
    }
    items.push({ label: facet.title, kind: vscode.QuickPickItemKind.Separator });
    for (const value of values) {
      const count = rows.filter((r) => facet.of(r)?.toLowerCase() === value.toLowerCase()).length;
      const item: FacetItem = {
        label: facet.label ? facet.label(value) : value,
        description: rows.length ? String(count) : undefined,
        alwaysShow: true,
        facet: facet.key,
        value,
      };
      items.push(item);
      if (chosen.some((c) => c.toLowerCase() === value.toLowerCase())) {
        selected.push(item);
      }
    }
  }
  const qp = vscode.window.createQuickPick<FacetItem | vscode.QuickPickItem>();
  qp.title = opts.title;
  qp.placeholder = vscode.l10n.t('Part of a name to show only those; tick what else to show');
  qp.canSelectMany = true;
  qp.ignoreFocusOut = true;
  qp.matchOnDescription = false;
  qp.items = items;
  qp.selectedItems = selected;
  qp.value = current.name;
  const accepted = await new Promise<boolean>((resolve) => {
    qp.onDidAccept(() => resolve(true));
    qp.onDidHide(() => resolve(false));
    qp.show();
  });
  const typed = parseFilter(spec, qp.value);
  const ticked = qp.selectedItems.filter((i): i is FacetItem => 'facet' in i);
  qp.dispose();
  if (!accepted) {
    cancelled();
  }
  const facets: Record<string, string[]> = { ...typed.facets };
  for (const item of ticked) {
    const list = (facets[item.facet] ??= []);
    if (!list.some((v) => v.toLowerCase() === item.value.toLowerCase())) {
      list.push(item.value);
    }
  }
  return { name: typed.name, facets };
}

/** Asks for a view's filter (see pickFilter) and sets it; the picker's title says what is set now. */
export async function changeFilter<T>(
  ctx: CommandContext,
  view: FilteredView,
  opts: { noun: string; spec: FilterSpec<T>; rows: readonly T[] },
): Promise<void> {
  const current = ctx.arrangement.filter(view);
  const now = describeFilter(opts.spec, current);
  const title = now ? vscode.l10n.t('Filter {0} ({1})', opts.noun, now) : vscode.l10n.t('Filter {0}', opts.noun);
  ctx.arrangement.setFilter(view, await pickFilter({ title, spec: opts.spec, rows: opts.rows, current }));
}

/** One of `choices`, the current one ticked: how the Instances view is grouped or sorted. */
export async function pickChoice<C extends string>(choices: readonly C[], labels: Record<C, string>, now: C, title: string): Promise<C> {
  const pick = await askPick(
    choices.map((c) => ({ label: `${c === now ? '$(check) ' : ''}${labels[c]}`, choice: c })),
    { title },
  );
  return pick.choice;
}
