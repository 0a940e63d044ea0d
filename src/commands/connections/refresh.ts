import { Connection } from '../../connections/connection';
import { log } from '../../logger';
import { Command, CommandContext } from '../context';

/**
 * Reloads from the servers: a connection's resources (from its node) or everything. What is
 * connected lists again at once; the servers of the settings and the CLIs' remotes are looked for
 * meanwhile, and one found new joins the views when it connects. Looking first held every Refresh
 * behind a server still connecting (up to its 10 s timeout).
 */
export const refresh: Command = {
  id: 'lxd.connection.refresh',
  run(ctx: CommandContext, node?: unknown) {
    const c = (node as { connection?: Connection } | undefined)?.connection;
    log().info(`Refresh: listing ${c instanceof Connection ? c.name : 'every server'} again`);
    ctx.refresh.reloadAll(c instanceof Connection ? c : undefined);
    ctx.connections
      .discover()
      .catch((e: unknown) => log().warn(`Looking for servers after Refresh failed: ${e instanceof Error ? e.message : String(e)}`));
  },
};
