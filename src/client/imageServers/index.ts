export * from './types';
export { ImageServerError } from './errors';
export { architectureName } from './architectures';
export { FetchLimits, FetchedText, ImageServerFetcher } from './fetch';
export { ProductsOptions, imagesFromProducts, productPaths } from './simplestreams';
export { imagesFromLxd, remoteImageOf } from './lxdProtocol';
export { ProxySettings, proxyFor, proxyFromEnv } from './proxy';
export { CatalogueOptions, ImageServerCatalogue, ListImagesOptions } from './catalogue';
export {
  CopyImageOptions,
  DOWNLOAD_CANCEL_GRACE_MS,
  DownloadImageOptions,
  RefreshImageOptions,
  RemoteImageTarget,
  SourceNotReachableError,
  StoreOptions,
  canRefresh,
  copyImage,
  downloadImage,
  refreshImage,
  remoteImageRef,
} from './transfer';
