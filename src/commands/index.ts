import { Command } from './context';
import { fixPermissions, startDaemon } from './general/daemon';
import { switchProject } from './general/project';
import { refresh, retryConnection, showLog } from './general/refresh';
import { compareWithServer, editInstanceConfig, showConsoleLog, showInstanceDetails, showInstanceLog } from './instances/config';
import { copyInstanceIPv4, copyInstanceName } from './instances/copy';
import { createInstance } from './instances/create';
import { deleteInstance } from './instances/delete';
import { forceStopInstance, freezeInstance, restartInstance, startInstance, stopInstance, unfreezeInstance } from './instances/lifecycle';
import { renameInstance } from './instances/rename';
import { createSnapshot, deleteSnapshot, restoreSnapshot } from './instances/snapshots';
import { browseFilesCommand } from './files/browseFiles';
import { downloadCommand, uploadCommand } from './files/transfer';
import { attachConsoleCommand } from './terminals/attachConsole';
import { openShellCommand } from './terminals/openShell';
import { runCommandCommand } from './terminals/runCommand';
import { addRemote } from './remotes/add';
import { removeRemote, renameRemote } from './remotes/manage';
import { retrustRemote } from './remotes/retrust';

/** Every command of the extension; `registerCommands` wires them through one error wrapper. */
export const COMMANDS: Command[] = [
  refresh,
  retryConnection,
  showLog,
  switchProject,
  fixPermissions,
  startDaemon,
  createInstance,
  startInstance,
  stopInstance,
  forceStopInstance,
  restartInstance,
  freezeInstance,
  unfreezeInstance,
  renameInstance,
  deleteInstance,
  createSnapshot,
  restoreSnapshot,
  deleteSnapshot,
  editInstanceConfig,
  showInstanceDetails,
  showInstanceLog,
  showConsoleLog,
  compareWithServer,
  copyInstanceName,
  copyInstanceIPv4,
  openShellCommand,
  attachConsoleCommand,
  runCommandCommand,
  browseFilesCommand,
  uploadCommand,
  downloadCommand,
  addRemote,
  removeRemote,
  renameRemote,
  retrustRemote,
];
