import { ApiError, SftpError, TimeoutError, TransportError } from '../client';
import { describeError } from '../views/format';

/** The `vscode.FileSystemError` kinds a failure of the files API stands for; `other` keeps its own text. */
export type FileErrorKind =
  'FileNotFound' | 'NoPermissions' | 'FileExists' | 'FileIsADirectory' | 'FileNotADirectory' | 'Unavailable' | 'other';

/**
 * What kind of failure an error of the files API is, so VS Code can react to it (a missing file
 * offers to create it, for one). LXD answers most failures with 404 or with an SFTP error text
 * inside a 500, so the text decides after the status. Kept free of `vscode` so the integration
 * tests check it against what the real daemons answer.
 */
export function fileErrorKind(e: unknown): FileErrorKind {
  if (e instanceof TransportError || e instanceof TimeoutError) {
    return 'Unavailable';
  }
  if (e instanceof SftpError) {
    return e.code === 2 ? 'FileNotFound' : e.code === 3 ? 'NoPermissions' : 'other';
  }
  const text = describeError(e);
  const status = e instanceof ApiError ? e.status : 0;
  if (status === 404 || /no such file|not found|does not exist/i.test(text)) {
    return 'FileNotFound';
  }
  if (status === 403 || /permission denied|not permitted|read-only file system/i.test(text)) {
    return 'NoPermissions';
  }
  if (/file exists|already exists/i.test(text)) {
    return 'FileExists';
  }
  if (/is a directory/i.test(text)) {
    return 'FileIsADirectory';
  }
  if (/not a directory/i.test(text)) {
    return 'FileNotADirectory';
  }
  if (/instance is not running|instance not found|is frozen/i.test(text) && status !== 404) {
    return 'Unavailable';
  }
  return 'other';
}
