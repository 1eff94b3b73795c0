/** Node-only parts of remote ONE: file downloads into a ONE cache folder and the `.rest/` cache. */
export * from './download';
export * from './downloadSession';
export * from './restCache';
export * from './sharedDownload';
