// Image references as docker/distribution parses them (reference.ParseNormalizedNamed):
// `redis` → docker.io/library/redis:latest, familiar form `redis:latest`.

import { DockerError } from './errors';

export interface Reference {
  /** Registry host, `docker.io` by default. */
  readonly domain: string;
  /** Repository path, `library/redis` for official images. */
  readonly path: string;
  /** The tag as typed, or undefined (callers add `latest` where Docker does). */
  readonly tag?: string;
  /** `sha256:<hex>` when pinned by digest. */
  readonly digest?: string;
}

const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DOMAIN = 'index.docker.io';
const OFFICIAL_PREFIX = 'library/';

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|${IPV6})(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANCHORED_ID = /^[a-f0-9]{64}$/;
const NAME_TOTAL_MAX = 255;

export const INVALID_REFERENCE = 'invalid reference format';

function splitDomain(name: string): [string, string] {
  const i = name.indexOf('/');
  let domain: string;
  let remainder: string;
  if (i === -1) {
    domain = DEFAULT_DOMAIN;
    remainder = name;
  } else {
    const first = name.slice(0, i);
    const looksLikeHost = first.includes('.') || first.includes(':') || first === 'localhost';
    if (!looksLikeHost || first.toLowerCase() !== first) {
      domain = DEFAULT_DOMAIN;
      remainder = name;
    } else {
      domain = first;
      remainder = name.slice(i + 1);
    }
  }
  if (domain === LEGACY_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_PREFIX + remainder;
  return [domain, remainder];
}

/** Parses what a user typed; throws DockerError with docker's own text when it is not a reference. */
export function parseReference(s: string): Reference {
  if (ANCHORED_ID.test(s)) {
    throw new DockerError(`invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`);
  }
  const at = s.indexOf('@');
  const beforeDigest = at === -1 ? s : s.slice(0, at);
  const colon = beforeDigest.lastIndexOf(':');
  const nameOnly = colon > beforeDigest.lastIndexOf('/') ? beforeDigest.slice(0, colon) : beforeDigest;
  const [domain, remote] = splitDomain(nameOnly);
  if (remote.toLowerCase() !== remote) {
    throw new DockerError(`${INVALID_REFERENCE}: repository name (${remote}) must be lowercase`);
  }
  const m = REFERENCE.exec(s);
  if (!m || !m[1]) throw new DockerError(INVALID_REFERENCE);
  if (m[1].length > NAME_TOTAL_MAX) {
    throw new DockerError(`${INVALID_REFERENCE}: repository name must not be more than 255 characters`);
  }
  const ref: { domain: string; path: string; tag?: string; digest?: string } = { domain, path: remote };
  if (m[2]) ref.tag = m[2];
  if (m[3]) ref.digest = m[3];
  return ref;
}

/** `docker.io/library/redis` → `redis`; `docker.io/portainer/portainer` → `portainer/portainer`. */
export function familiarName(ref: Pick<Reference, 'domain' | 'path'>): string {
  if (ref.domain !== DEFAULT_DOMAIN) return `${ref.domain}/${ref.path}`;
  return ref.path.startsWith(OFFICIAL_PREFIX) ? ref.path.slice(OFFICIAL_PREFIX.length) : ref.path;
}

/** The full name, `docker.io/library/redis`. */
export function fullName(ref: Pick<Reference, 'domain' | 'path'>): string {
  return `${ref.domain}/${ref.path}`;
}

/** The reference with `latest` added when neither tag nor digest was given (reference.TagNameOnly). */
export function withDefaultTag(ref: Reference): Reference {
  return ref.tag || ref.digest ? ref : { ...ref, tag: 'latest' };
}

/** `redis:latest` — the key the engine stores tags under, and what `docker images` shows split. */
export function familiarTagged(ref: Reference): string {
  const r = withDefaultTag(ref);
  return r.tag ? `${familiarName(r)}:${r.tag}` : `${familiarName(r)}@${r.digest}`;
}
