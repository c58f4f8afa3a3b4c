// Content addresses and ids as distinct types, so that a DiffId is never passed where a ChainId goes.

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** `sha256:<64 hex>` of an uncompressed layer tar. */
export type DiffId = Brand<string, 'DiffId'>;
/** `sha256:<64 hex>` identifying a stack of layers (image-spec identity). */
export type ChainId = Brand<string, 'ChainId'>;
/** `sha256:<64 hex>` of an image's config JSON bytes. */
export type ImageId = Brand<string, 'ImageId'>;
/** `sha256:<64 hex>` of any blob (compressed layer, manifest, index). */
export type Digest = Brand<string, 'Digest'>;
/** 64 hex, no prefix. */
export type ContainerId = Brand<string, 'ContainerId'>;

const SHA = /^sha256:[0-9a-f]{64}$/;
export function isSha256(s: string): boolean {
  return SHA.test(s);
}
export const asDiffId = (s: string) => s as DiffId;
export const asChainId = (s: string) => s as ChainId;
export const asImageId = (s: string) => s as ImageId;
export const asDigest = (s: string) => s as Digest;
export const asContainerId = (s: string) => s as ContainerId;

/** First 12 hex of an id, with any `sha256:` prefix dropped. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
