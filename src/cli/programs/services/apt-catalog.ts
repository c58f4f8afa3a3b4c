// The Debian packages apt-get can install here (static/catalog/packages.json.gz, made by
// scripts/catalog/packages.ts from the real bookworm .deb files), loaded once per catalog source.

import { gunzipSync, strFromU8 } from 'fflate';
import type { Engine } from '../../../engine/engine';
import type { CatalogSource } from '../../../engine/registry/registry';

/** [path, type, mode, uid, gid, mtime, size | link target] */
export type Member = [
  string,
  'dir' | 'file' | 'symlink' | 'hardlink',
  number,
  number,
  number,
  number,
  number | string,
];

export interface Package {
  name: string;
  version: string;
  arch: string;
  /** `http://deb.debian.org/debian bookworm/main` */
  source: string;
  debSize: number;
  /** KiB, as the control file says. */
  installedSize: number;
  multiArchSame: boolean;
  depends: string[];
  recommends: string[];
  /** Suggests groups, `a | b` for alternatives. */
  suggests: string[];
  controlFiles: [string, number][];
  controlSize: number;
  /** update-alternatives --install calls of the postinst: [link, name, path, announced]. */
  alternatives: [string, string, string, boolean][];
  members: Member[];
}

export interface PackageCatalog {
  libcBin: string;
  /** What `apt-get install NAME` adds to debian:bookworm-slim, in apt's unpack order. */
  closures: Record<string, string[]>;
  packages: Map<string, Package>;
}

export const PACKAGES_FILE = 'packages.json.gz';

/** A server may have undone the gzip already (Content-Encoding), as with the layer files. */
const gzipped = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

const loaded = new WeakMap<object, Promise<PackageCatalog>>();

export function loadPackages(engine: Engine): Promise<PackageCatalog> {
  // the registry reads the catalog through its injected source; packages.json.gz sits beside index.json
  const source = engine.registry['source'] as CatalogSource;
  let p = loaded.get(source);
  if (!p) {
    p = source.read(PACKAGES_FILE).then((bytes) => {
      const json = JSON.parse(strFromU8(gzipped(bytes) ? gunzipSync(bytes) : bytes)) as {
        libcBin: string;
        closures: Record<string, string[]>;
        packages: Package[];
      };
      return {
        libcBin: json.libcBin,
        closures: json.closures,
        packages: new Map(json.packages.map((pkg) => [pkg.name, pkg])),
      };
    });
    p.catch(() => loaded.delete(source));
    loaded.set(source, p);
  }
  return p;
}

/** What `apt-get install names` would unpack, in order: each name's closure, then dependencies first. */
export function closureOf(cat: PackageCatalog, names: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string) => {
    if (seen.has(n) || !cat.packages.has(n)) return;
    seen.add(n);
    for (const d of cat.packages.get(n)!.depends) visit(d);
    out.push(n);
  };
  for (const name of names) {
    const known = cat.closures[name];
    if (!known) {
      visit(name);
      continue;
    }
    for (const n of known)
      if (!seen.has(n)) {
        seen.add(n);
        out.push(n);
      }
  }
  return out;
}

/** apt's SizeToStr: four significant figures at most, powers of 1000. */
export function aptSize(bytes: number): string {
  const units = ['', 'k', 'M', 'G', 'T'];
  let v = Math.abs(bytes);
  for (let i = 0; i < units.length; i++) {
    if (v < 100 && i !== 0) return `${v.toFixed(1)} ${units[i]}`;
    if (v < 10000) return `${v.toFixed(0)} ${units[i]}`;
    v /= 1000;
  }
  return `${v.toFixed(0)} P`;
}
