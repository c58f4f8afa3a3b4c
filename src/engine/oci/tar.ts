// Layer tars: the deterministic writer and the streaming reader.

export {
  tarChunks,
  tarBytes,
  canonicalHardlinks,
  entryHeader,
  headerBlocks,
  splitUstarPath,
  walkOrder,
} from './tar-write';
export type { TarSource, TarHeaderFields } from './tar-write';
export { TarParser, TarError, readTar, readTarSync, readTarEntries, parsePax } from './tar-read';
export type { TarHeader, TarEvent, TarInput, TarEntryKind, TarFormat, TarErrorCode } from './tar-read';
