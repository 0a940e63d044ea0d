/**
 * JSON keys as TypeScript property names: identifiers stay bare (including Go-cased keys such as
 * `ServerStorageDriverInfo.Name` or `ProjectStateResource.Limit`, which really are sent that way), anything else
 * (`wait-for-websocket`, `base-image`, `X-LXD-uid`, `0`) is quoted.
 */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : quote(name);
}

export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}
