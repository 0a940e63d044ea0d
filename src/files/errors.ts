import * as vscode from 'vscode';
import { CancelledError } from '../client';
import { describeError } from '../views/format';
import { fileErrorKind } from './errorKind';

/** The FileSystemError VS Code understands for a failure of the files API (see `fileErrorKind`). */
export function toFileSystemError(e: unknown, uri: vscode.Uri): Error {
  if (e instanceof vscode.FileSystemError || e instanceof CancelledError) {
    return e;
  }
  const kind = fileErrorKind(e);
  return kind === 'other' ? new vscode.FileSystemError(`${uri.path}: ${describeError(e)}`) : vscode.FileSystemError[kind](uri);
}
