import { Connection } from '../connections/connection';
import { MessageNode, TreeNode } from './node';

/** What a view shows instead of resources while its connection is not usable. */
export function connectionMessage(c: Connection, viewId: string, parent?: TreeNode): MessageNode | undefined {
  const id = `${viewId}/${c.id}/status`;
  switch (c.status) {
    case 'connecting':
      return new MessageNode(id, `Connecting to ${c.name}…`, { icon: 'loading~spin', parent });
    case 'disconnected':
      return new MessageNode(id, `Disconnected from ${c.name}: reconnecting…`, {
        icon: 'debug-disconnect',
        color: 'errorForeground',
        tooltip: c.error?.message,
        retry: true,
        parent,
      });
    case 'error':
      return MessageNode.error(id, `${c.name}: ${c.error?.message ?? 'unreachable'}`, parent);
    default:
      return undefined;
  }
}
