import type { AnyEvent } from '../client';
import { eventInstances, eventProject } from '../live/eventLines';
import type { ShellTarget } from './shellTerminal';

/** The lifecycle events after which an instance's shells and console have ended, and how to say it. */
const ENDS: Record<string, string> = {
  'instance-stopped': 'stopped',
  'instance-shutdown': 'shut down',
  'instance-restarted': 'restarted',
  'instance-deleted': 'was deleted',
};

/**
 * Tells `ended` (once) how the target's instance went away, from the connection's lifecycle events:
 * "stopped", "shut down", "restarted", "was deleted". Dispose to stop watching.
 */
export function onInstanceEnd(target: ShellTarget, ended: (how: string) => void): { dispose(): void } {
  const watch = target.connection.onEvent((e: AnyEvent) => {
    const how = e.type === 'lifecycle' ? ENDS[e.metadata?.action ?? ''] : undefined;
    if (how && eventProject(e) === target.project && eventInstances(e).includes(target.instance)) {
      watch.dispose();
      ended(how);
    }
  });
  return watch;
}
