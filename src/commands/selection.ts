/** Tree commands get (clicked node, selected nodes); the selection wins when it holds the clicked node. */
export function selectedNodes<T>(args: unknown[], is: (n: unknown) => n is T): T[] {
  const [clicked, selection] = args;
  if (
    Array.isArray(selection) &&
    selection.length > 0 &&
    selection.every(is) &&
    (clicked === undefined || selection.includes(clicked as T))
  ) {
    return selection as T[];
  }
  return is(clicked) ? [clicked] : [];
}
