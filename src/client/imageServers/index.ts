export * from './types';
export { ImageServerError } from './errors';
export { architectureName } from './architectures';
export { FetchLimits, FetchedText, ImageServerFetcher } from './fetch';
export { ProductsOptions, imagesFromProducts, productPaths } from './simplestreams';
export { imagesFromLxd } from './lxdProtocol';
export { CatalogueOptions, ImageServerCatalogue, ListImagesOptions } from './catalogue';
export { CopyImageOptions, DownloadImageOptions, RefreshImageOptions, RemoteImageTarget, StoreOptions, canRefresh, copyImage, downloadImage, refreshImage, remoteImageRef } from './transfer';
