import * as vscode from 'vscode';
import type { EventType } from '../../client';
import { DEFAULT_FILTER, EVENT_TYPES, EventViewFilter, LOG_LEVELS, LogLevel } from '../../live/eventLines';
import { Command, CommandContext } from '../context';
import { askPick, askText } from '../targets';
import { UserError, failed } from '../wrapper';
import { eventsTarget } from './_target';

const TYPE_DETAIL: Record<EventType, string> = {
  lifecycle: 'what changed: instances started, images deleted, profiles updated, …',
  operation: 'background tasks as they run and end',
  logging: "the server's own log (administrators only; busy at debug level)",
};

/**
 * Narrows what a server's events view shows: which types (and the lowest logging level), one
 * project, one instance. Applies at once to every event the view kept; Clear Filter undoes it.
 */
export const filterEvents: Command = {
  id: 'lxd.event.filter',
  async run(ctx: CommandContext, uri?: unknown) {
    const doc = eventsTarget(ctx, uri);
    const f = doc.filter;
    const choice = await askPick(
      [
        { label: 'Types…', description: f.types.join(', '), step: 'types' as const },
        ...(f.types.includes('logging')
          ? [{ label: 'Logging Level…', description: `${f.logLevel} and above`, step: 'level' as const }]
          : []),
        { label: 'Project…', description: f.project ?? 'every project', step: 'project' as const },
        { label: 'Instance…', description: f.instance ?? 'every instance', step: 'instance' as const },
        ...(doc.filtered
          ? [{ label: 'Clear Filter', description: 'lifecycle and operation events of every project', step: 'clear' as const }]
          : []),
      ],
      { title: 'Filter Events', placeHolder: 'What to narrow' },
    );
    const c = ctx.connections.get(doc.connectionId);
    const next: EventViewFilter = { ...f };
    switch (choice.step) {
      case 'types':
        next.types = await pickTypes(f.types);
        break;
      case 'level':
        next.logLevel = await pickLevel(f.logLevel);
        break;
      case 'project':
        next.project = await pickProject(c ? () => c.api().projects.list() : undefined, f.project);
        break;
      case 'instance':
        next.instance = await pickInstance(
          c
            ? () => c.api(f.project).instances.list({ allProjects: f.project === undefined && c.hasExtension('instance_all_projects') })
            : undefined,
          f,
        );
        break;
      case 'clear':
        Object.assign(next, DEFAULT_FILTER, { project: undefined, instance: undefined });
        break;
    }
    doc.setFilter(next);
    ctx.live.updateContext();
  },
};

async function pickTypes(current: EventType[]): Promise<EventType[]> {
  const picked = await askPick(
    EVENT_TYPES.map((t) => ({ label: t, detail: TYPE_DETAIL[t], picked: current.includes(t), type: t })),
    { title: 'Event types to show', canPickMany: true },
  );
  if (!picked.length) {
    throw new UserError(vscode.l10n.t('Choose at least one type of event: the filter is unchanged.'));
  }
  return picked.map((p) => p.type);
}

async function pickLevel(current: LogLevel): Promise<LogLevel> {
  const pick = await askPick(
    LOG_LEVELS.map((l) => ({
      label: `${l === current ? '$(check) ' : ''}${l}`,
      description: l === 'debug' ? 'everything, each API request included' : `${l} and above`,
      level: l,
    })),
    { title: 'Lowest logging level shown' },
  );
  return pick.level;
}

/** Undefined is "every": the item that clears this part of the filter. */
async function pickProject(
  list: (() => Promise<{ name?: string }[]>) | undefined,
  current: string | undefined,
): Promise<string | undefined> {
  let names: string[] = [];
  try {
    names = list ? (await list()).map((p) => p.name ?? '').filter(Boolean) : [];
  } catch (e) {
    throw failed('Cannot list the projects', e);
  }
  const pick = await askPick(
    [
      { label: `${current === undefined ? '$(check) ' : ''}Every project`, project: undefined },
      ...names.map((n) => ({ label: `${n === current ? '$(check) ' : ''}${n}`, project: n })),
    ],
    { title: 'Show the events of', placeHolder: current ?? 'every project' },
  );
  return pick.project;
}

async function pickInstance(
  list: (() => Promise<{ name?: string; project?: string }[]>) | undefined,
  f: EventViewFilter,
): Promise<string | undefined> {
  let instances: { name?: string; project?: string }[] = [];
  try {
    instances = list ? await list() : [];
  } catch (e) {
    throw failed('Cannot list the instances', e);
  }
  const OTHER = Symbol('other');
  const names = [...new Set(instances.map((i) => i.name ?? '').filter(Boolean))].sort();
  const pick = await askPick<vscode.QuickPickItem & { instance: string | undefined | typeof OTHER }>(
    [
      { label: `${f.instance === undefined ? '$(check) ' : ''}Every instance`, instance: undefined },
      ...names.map((n) => ({ label: `${n === f.instance ? '$(check) ' : ''}${n}`, instance: n })),
      { label: 'Another name…', description: 'an instance not made yet, or gone', instance: OTHER },
    ],
    {
      title: `Show the events of one instance${f.project !== undefined ? ` in ${f.project}` : ''}`,
      placeHolder: f.instance ?? 'every instance',
    },
  );
  if (pick.instance !== OTHER) {
    return pick.instance;
  }
  return (
    await askText({
      title: 'Instance name',
      prompt: 'Events about an instance of this name',
      value: f.instance,
      validateInput: (v) => (v.trim() ? undefined : 'Type a name'),
    })
  ).trim();
}
