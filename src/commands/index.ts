import { Command } from './context';
import { fixPermissions } from './connections/fixPermissions';
import { refresh } from './connections/refresh';
import { retryConnection } from './connections/retry';
import { showEvents } from './connections/showEvents';
import { startDaemon } from './connections/startDaemon';
import { showLog } from './logs/show';
import { switchProject } from './projects/switch';
import { attachConsoleCommand } from './instances/attachConsole';
import { addToWorkspaceCommand } from './instances/addToWorkspace';
import { browseFilesCommand } from './instances/browseFiles';
import { copyInstanceIPv4 } from './instances/copyIPv4';
import { copyInstanceName } from './instances/copyName';
import { createInstance } from './instances/create';
import { deleteInstance } from './instances/delete';
import { editInstanceConfig } from './instances/editConfig';
import { forceStopInstance } from './instances/forceStop';
import { freezeInstance } from './instances/freeze';
import { openShellCommand } from './instances/openShell';
import { renameInstance } from './instances/rename';
import { restartInstance } from './instances/restart';
import { runCommandCommand } from './instances/runCommand';
import { showConsoleLog } from './instances/showConsoleLog';
import { showInstanceDetails } from './instances/showDetails';
import { showInstanceLog } from './instances/showLog';
import { openInBrowser } from './instances/openInBrowser';
import { startInstance } from './instances/start';
import { stopInstance } from './instances/stop';
import { unfreezeInstance } from './instances/unfreeze';
import { createSnapshot } from './instanceSnapshots/create';
import { deleteSnapshot } from './instanceSnapshots/delete';
import { restoreSnapshot } from './instanceSnapshots/restore';
import { compareWithServer } from './configs/compareWithServer';
import { downloadCommand } from './files/download';
import { uploadCommand } from './files/upload';
import { uploadFolderCommand } from './files/uploadFolder';
import { addImageAlias } from './images/addAlias';
import { copyImageFingerprint } from './images/copyFingerprint';
import { deleteImage } from './images/delete';
import { copyImageToServer } from './images/copyToServer';
import { launchFromImage } from './images/launch';
import { refreshImageCommand } from './images/refresh';
import { removeImageAlias } from './images/removeAlias';
import { launchFromImageServer } from './imageServers/launch';
import { launchRemoteImage } from './remoteImages/launch';
import { createNetwork } from './networks/create';
import { deleteNetwork } from './networks/delete';
import { editNetwork } from './networks/edit';
import { cancelOperation } from './operations/cancel';
import { clearEventFilter } from './events/clearFilter';
import { filterEvents } from './events/filter';
import { followLiveDocument } from './liveDocuments/follow';
import { stopFollowingLiveDocument } from './liveDocuments/stopFollowing';
import { openProxyDeviceInBrowser } from './proxyDevices/openInBrowser';
import { removeProxyDevice } from './proxyDevices/remove';
import { createProfile } from './profiles/create';
import { deleteProfile } from './profiles/delete';
import { editProfile } from './profiles/edit';
import { createProject } from './projects/create';
import { deleteProject } from './projects/delete';
import { editProject } from './projects/edit';
import { createPool } from './pools/create';
import { deletePool } from './pools/delete';
import { editPool } from './pools/edit';
import { createVolume } from './volumes/create';
import { filterVolumes } from './volumes/filter';
import { clearVolumeFilter } from './volumes/clearFilter';
import { filterInstances } from './instances/filter';
import { clearInstanceFilter } from './instances/clearFilter';
import { groupInstancesBy } from './instances/groupBy';
import { sortInstancesBy } from './instances/sortBy';
import { filterImages } from './images/filter';
import { clearImageFilter } from './images/clearFilter';
import { deleteVolume } from './volumes/delete';
import { editVolume } from './volumes/edit';
import { createVolumeSnapshot } from './volumeSnapshots/create';
import { deleteVolumeSnapshot } from './volumeSnapshots/delete';
import { restoreVolumeSnapshot } from './volumeSnapshots/restore';
import { addRemote } from './remotes/add';
import { removeRemote } from './remotes/remove';
import { renameRemote } from './remotes/rename';
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
  openInBrowser,
  openProxyDeviceInBrowser,
  removeProxyDevice,
  showEvents,
  filterEvents,
  clearEventFilter,
  followLiveDocument,
  stopFollowingLiveDocument,
  compareWithServer,
  copyInstanceName,
  copyInstanceIPv4,
  openShellCommand,
  attachConsoleCommand,
  runCommandCommand,
  browseFilesCommand,
  addToWorkspaceCommand,
  uploadCommand,
  uploadFolderCommand,
  downloadCommand,
  launchFromImage,
  deleteImage,
  addImageAlias,
  removeImageAlias,
  copyImageFingerprint,
  copyImageToServer,
  refreshImageCommand,
  launchFromImageServer,
  launchRemoteImage,
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
  filterVolumes,
  clearVolumeFilter,
  filterInstances,
  clearInstanceFilter,
  groupInstancesBy,
  sortInstancesBy,
  filterImages,
  clearImageFilter,
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

export { RENAMED_IDS } from './aliases';
