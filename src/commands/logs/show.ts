import { log } from '../../logger';
import { Command } from '../context';

/** Shows LXD Explorer's own log (the "LXD" output channel), not an instance's. */
export const showLog: Command = {
  id: 'lxd.log.show',
  run() {
    log().show(true);
  },
};
