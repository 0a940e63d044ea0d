import * as vscode from 'vscode';
import { ResourceAddress, formatResourceAddress, parseResourceAddress } from './address';

/** Editable configuration documents: `lxd-config://<connection>/<project>/<kind>/<name>.yaml`. */
export const CONFIG_SCHEME = 'lxd-config';
/** Read-only documents: details, logs, the server's side of a config diff. */
export const INFO_SCHEME = 'lxd-info';

export function resourceUri(scheme: string, a: ResourceAddress): vscode.Uri {
  return vscode.Uri.from({ scheme, ...formatResourceAddress(a) });
}

/** Reads a document's URI back; a URI that is not one is a file not found, saying why. */
export function parseResourceUri(uri: vscode.Uri): ResourceAddress {
  try {
    return parseResourceAddress(uri);
  } catch (e) {
    throw vscode.FileSystemError.FileNotFound((e as Error).message);
  }
}
