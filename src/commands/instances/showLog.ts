import { instanceLogUri } from '../../live';
import { Command, CommandContext } from '../context';
import { askPick, resolveInstance } from '../targets';

/**
 * Opens an instance's log (`lxc.log`, what `lxc info --show-log` shows, or another of its log
 * files) in an editor that reads it again as the instance starts, stops or changes.
 */
export const showInstanceLog: Command = {
  id: 'lxd.instance.showLog',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, { title: 'Show Instance Log' });
    const files = await ref.connection.api(ref.project).instances.logs(ref.name);
    // Before the first start there is no file yet: the view waits for lxc.log.
    const file =
      files.includes('lxc.log') || !files.length
        ? 'lxc.log'
        : files.length === 1
          ? files[0]
          : (
              await askPick(
                files.map((label) => ({ label })),
                { title: `Logs of ${ref.name}` },
              )
            ).label;
    await ctx.live.show(instanceLogUri({ connectionId: ref.connection.id, project: ref.project, name: ref.name }, file));
  },
};
