/** Remote ONE: the Alyx REST client, data-server downloads and their typed errors (no Node imports). */
export * from './alyx';
export * from './claimRules';
export * from './rest';
export * from './download';
export * from './errors';
export * from './filters';
export * from './records';
export * from './restCache';
export * from './urls';
export { encodeQuery, quotePlus, updateUrlParams } from './query';
