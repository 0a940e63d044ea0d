import * as vscode from 'vscode';
import { NO_FILTER, ViewFilter, isFiltered, readFilter } from './filter';
import { GROUPINGS, Grouping, SORTINGS, Sorting } from './specs';

/** The views a filter narrows: Instances, Images, and the volumes of the Storage view. */
export type FilteredView = 'instances' | 'images' | 'volumes';

const FILTERED_VIEWS: readonly FilteredView[] = ['instances', 'images', 'volumes'];

const KEY = 'lxd.views.arrangement';

interface Stored {
  filters?: Partial<Record<FilteredView, unknown>>;
  group?: unknown;
  sort?: unknown;
}

/**
 * How the views are narrowed and ordered: the filters, and the Instances view's grouping and
 * sorting. Remembered per workspace; read synchronously at activation (a Memento read, no I/O).
 * Context keys `lxd.filtered.<view>` show the Clear Filter buttons.
 */
export class Arrangement implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<FilteredView>();
  /** Fires with the view whose rows must be arranged again. */
  readonly onDidChange = this.changed.event;
  private readonly filters: Record<FilteredView, ViewFilter>;
  private grouping: Grouping;
  private sorting: Sorting;

  constructor(private readonly memento: vscode.Memento) {
    const stored = memento.get<Stored>(KEY) ?? {};
    this.filters = {
      instances: readFilter(stored.filters?.instances),
      images: readFilter(stored.filters?.images),
      volumes: readFilter(stored.filters?.volumes),
    };
    this.grouping = GROUPINGS.find((g) => g === stored.group) ?? 'none';
    this.sorting = SORTINGS.find((s) => s === stored.sort) ?? 'name';
    FILTERED_VIEWS.forEach((v) => this.updateContext(v));
  }

  filter(view: FilteredView): ViewFilter {
    return this.filters[view];
  }

  get group(): Grouping {
    return this.grouping;
  }

  get sort(): Sorting {
    return this.sorting;
  }

  setFilter(view: FilteredView, filter: ViewFilter): void {
    this.filters[view] = filter;
    this.updateContext(view);
    this.save(view);
  }

  clearFilter(view: FilteredView): void {
    this.setFilter(view, NO_FILTER);
  }

  setGroup(group: Grouping): void {
    this.grouping = group;
    this.save('instances');
  }

  setSort(sort: Sorting): void {
    this.sorting = sort;
    this.save('instances');
  }

  private save(view: FilteredView): void {
    const stored: Stored = { filters: this.filters, group: this.grouping, sort: this.sorting };
    void this.memento.update(KEY, stored);
    this.changed.fire(view);
  }

  private updateContext(view: FilteredView): void {
    void vscode.commands.executeCommand('setContext', `lxd.filtered.${view}`, isFiltered(this.filters[view]));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
