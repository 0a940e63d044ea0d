import * as vscode from 'vscode';
import { ApiError, CancelledError, LxdError, TimeoutError, TransportError } from '../client';
import { SftpError } from './sftp';

/**
 * The FileSystemError VS Code understands for a failure of the files API. LXD answers most
 * failures with 404 or with an SFTP error text inside a 500, so the text decides after the status.
 */
export function toFileSystemError(e: unknown, uri: vscode.Uri): Error {
  if (e instanceof vscode.FileSystemError || e instanceof CancelledError) {
    return e;
  }
  if (e instanceof TransportError || e instanceof TimeoutError) {
    return vscode.FileSystemError.Unavailable(uri);
  }
  if (e instanceof SftpError) {
    return e.code === 2 ? vscode.FileSystemError.FileNotFound(uri) : e.code === 3 ? vscode.FileSystemError.NoPermissions(uri) : new vscode.FileSystemError(`${uri.path}: ${e.message}`);
  }
  const text = e instanceof LxdError ? e.message : (e as Error)?.message ?? String(e);
  const status = e instanceof ApiError ? e.status : 0;
  if (status === 404 || /no such file|not found|does not exist/i.test(text)) {
    return vscode.FileSystemError.FileNotFound(uri);
  }
  if (status === 403 || /permission denied|not permitted|read-only file system/i.test(text)) {
    return vscode.FileSystemError.NoPermissions(uri);
  }
  if (/file exists|already exists/i.test(text)) {
    return vscode.FileSystemError.FileExists(uri);
  }
  if (/is a directory/i.test(text)) {
    return vscode.FileSystemError.FileIsADirectory(uri);
  }
  if (/not a directory/i.test(text)) {
    return vscode.FileSystemError.FileNotADirectory(uri);
  }
  if (/instance is not running|instance not found|is frozen/i.test(text) && status !== 404) {
    return vscode.FileSystemError.Unavailable(uri);
  }
  return new vscode.FileSystemError(`${uri.path}: ${text}`);
}
