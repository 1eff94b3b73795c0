export * from './alyxRecords';
export * from './document';
export { metadataFromAlyx } from './fromAlyx';
export { METADATA_SCHEMA } from './schema';
export * from './validate';
export { withTimeZone } from './timezone';
export * from './gatherRecords';
export * from './sessionMatch';
