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
import { addImageAlias, removeImageAlias } from './images/aliases';
import { copyImageFingerprint } from './images/copy';
import { deleteImage } from './images/delete';
import { launchFromImage } from './images/launch';
import { createNetwork } from './networks/create';
import { deleteNetwork } from './networks/delete';
import { editNetwork } from './networks/edit';
import { cancelOperation } from './operations/cancel';
import { createProfile } from './profiles/create';
import { deleteProfile } from './profiles/delete';
import { editProfile } from './profiles/edit';
import { createProject } from './projects/create';
import { deleteProject } from './projects/delete';
import { editProject } from './projects/edit';
import { createPool, deletePool, editPool } from './storage/pools';
import { createVolumeSnapshot, deleteVolumeSnapshot, restoreVolumeSnapshot } from './storage/snapshots';
import { createVolume, deleteVolume, editVolume } from './storage/volumes';
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
  launchFromImage,
  deleteImage,
  addImageAlias,
  removeImageAlias,
  copyImageFingerprint,
  createProfile,
  editProfile,
  deleteProfile,
  createNetwork,
  editNetwork,
  deleteNetwork,
  createPool,
  editPool,
  deletePool,
  createVolume,
  editVolume,
  deleteVolume,
  createVolumeSnapshot,
  restoreVolumeSnapshot,
  deleteVolumeSnapshot,
  createProject,
  editProject,
  deleteProject,
  cancelOperation,
  addRemote,
  removeRemote,
  renameRemote,
  retrustRemote,
];
