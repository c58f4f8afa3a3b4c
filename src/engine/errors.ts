// Errors are values with the exact text real Docker or the kernel would give.

export type Errno =
  | 'ENOENT'
  | 'EEXIST'
  | 'ENOTDIR'
  | 'EISDIR'
  | 'ENOTEMPTY'
  | 'ELOOP'
  | 'EXDEV'
  | 'EINVAL'
  | 'EPERM'
  | 'EBUSY'
  | 'ENAMETOOLONG';

/** Linux's strerror text for each errno we model. */
export const STRERROR: Record<Errno, string> = {
  ENOENT: 'No such file or directory',
  EEXIST: 'File exists',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  ENOTEMPTY: 'Directory not empty',
  ELOOP: 'Too many levels of symbolic links',
  EXDEV: 'Invalid cross-device link',
  EINVAL: 'Invalid argument',
  EPERM: 'Operation not permitted',
  EBUSY: 'Device or resource busy',
  ENAMETOOLONG: 'File name too long',
};

/** A failed filesystem call: the errno and the path it was about. */
export class FsError extends Error {
  constructor(
    readonly code: Errno,
    readonly path: string,
  ) {
    super(`${code}: ${STRERROR[code]}, ${path}`);
    this.name = 'FsError';
  }
  get text(): string {
    return STRERROR[this.code];
  }
}

/**
 * A failed engine operation. `message` is what the daemon (or client) says, without the
 * `Error response from daemon: ` prefix; `daemon` says whether real Docker would add that prefix.
 */
export class DockerError extends Error {
  constructor(
    message: string,
    readonly kind: 'notFound' | 'conflict' | 'invalid' | 'forbidden' | 'system' = 'invalid',
    readonly daemon = true,
  ) {
    super(message);
    this.name = 'DockerError';
  }
}
