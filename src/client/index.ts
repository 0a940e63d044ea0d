/**
 * The LXD / Incus client library. Plain TypeScript: it never imports `vscode`.
 */
export { Client, ClientOptions } from './client';
export * from './errors';
export { Transport, TransportRequest, TransportResponse } from './transport';
export { UnixTransport } from './unix';
export { Handshake, HttpsTransport, HttpsTransportOptions, PresentedCertificate, fetchServerCertificate } from './https';
export { SocketCandidate, detectSockets, inspectSockets, socketCandidates } from './sockets';
export { CallOptions, RequestOptions, RequestTrace } from './request';
export { OperationHandle, OperationPromise, Progress, WaitOptions, StatusCode, progressOf } from './operation';
export { ProjectOptions, ListOptions, WriteOptions, Tagged } from './api/base';
export { ImageRef, InstanceBuilder, RemoteImageRef, instanceNameProblem } from './api/builders';
export { InstanceAction, InstanceListOptions, StopOptions, StartOptions, CreateOptions, LaunchOptions } from './api/instances';
export { ExecOptions, PtyOptions, ExecResult, ExitStatus, ExecProcess, PtySession } from './api/exec';
export { ConsoleOptions, ConsoleSession } from './api/console';
export { FileStat, FileType, FileEntry, WriteFileOptions, discard } from './api/files';
export { SftpAttrs, SftpError, SftpProtocolError, SftpSession } from './api/sftp';
export { ImageFiles, UploadOptions } from './api/images';
export { VolumeRef, VolumeType } from './api/storage';
export {
  AnyEvent,
  EventFilter,
  EventLifecycle,
  EventLogging,
  EventSubscription,
  EventType,
  LifecycleEvent,
  LoggingEvent,
  LxdEvent,
  OperationEvent,
  SubscribeOptions,
  SubscriptionStatus,
} from './api/events';
export { IssuedToken } from './api/certificates';
export { WarningListOptions } from './api/warnings';
export { ServerKind, serverKind, headerPrefix } from './api/server';
export { cliName } from './serverKind';
export {
  ClientCertificate,
  ClientCertificateOptions,
  TrustToken,
  certificateFingerprint,
  decodeTrustToken,
  encodeTrustToken,
  generateClientCertificate,
  normalizeFingerprint,
  parseFingerprint,
} from './certificates';
export { nameFromUrl, projectFromUrl, path, withQuery } from './url';
export {
  AddRemoteInit,
  AddedRemote,
  CliConfigDir,
  CliRemotes,
  RawRemote,
  RemoteCli,
  RemoteConfigError,
  RemoteConfigFile,
  RemoteConnection,
  RemoteDescription,
  RemoteKind,
  RemoteTlsFiles,
  addRemote,
  cliConfigDirs,
  cliDefaultRemotes,
  cliEditProblem,
  connectRemote,
  discoverRemotes,
  ensureClientCertificate,
  parseRemoteConfig,
  parseRemoteDocument,
  pinCliRemote,
  readCliRemotes,
  remoteConnection,
  removeCliRemote,
  renameCliRemote,
} from './remotes';
export * from './imageServers';
