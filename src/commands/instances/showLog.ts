import { Command, CommandContext } from '../context';
import { askPick, resolveInstance } from '../targets';
import { openInstanceDocument } from './_documents';
import { UserError } from '../wrapper';

export const showInstanceLog: Command = {
  id: 'lxd.instance.showLog',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, { title: 'Show Instance Log' });
    const files = await ref.connection.api(ref.project).instances.logs(ref.name);
    if (!files.length) {
      throw new UserError(`${ref.name} has no log files yet (they appear once it has started).`);
    }
    const file = files.includes('lxc.log') ? 'lxc.log' : files.length === 1 ? files[0] : (await askPick(files.map((label) => ({ label })), { title: `Logs of ${ref.name}` })).label;
    await openInstanceDocument(ref, `log:${file}`, 'log');
  },
};
