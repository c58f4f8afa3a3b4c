// docker images / docker image ls: one row per repository and tag (docker/cli formatter/image.go),
// newest first, with `--format` templates over the same row fields docker offers.

import type { Engine } from '../../engine/engine';
import { imageSize } from '../../engine/images';
import type { ImageRec } from '../../engine/state';
import { flagBool, flagList, flagString } from '../flags';
import { renderFormat } from '../format/context';
import { GoStruct } from '../format/govalue';
import { humanDuration, humanSizeWithPrecision } from '../format/units';
import type { DockerCommand } from './command';

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'images [OPTIONS] [REPOSITORY[:TAG]]',
    short: 'List the images on this host',
    aliases: ['docker image ls', 'docker image list', 'docker images'],
    args: { kind: 'max', n: 1 },
    flags: [
      { name: 'all', short: 'a', type: 'bool', usage: 'Show every image (intermediate ones too)' },
      { name: 'digests', type: 'bool', usage: 'Add a DIGEST column' },
      {
        name: 'filter',
        short: 'f',
        type: 'stringArray',
        typeName: 'filter',
        usage: 'Keep only the images matching a condition (dangling=true, reference=nginx*)',
        check: (v) => (v.includes('=') ? undefined : 'bad format of filter (expected name=value)'),
      },
      {
        name: 'format',
        type: 'string',
        usage:
          "Format the output: 'table', 'table TEMPLATE', 'json' or a Go template (e.g. '{{.Repository}}:{{.Tag}}')",
      },
      { name: 'no-trunc', type: 'bool', usage: 'Print full image ids' },
      { name: 'quiet', short: 'q', type: 'bool', usage: 'Print image ids only' },
    ],
  },
  async run(parsed, ctx) {
    const filters: [string, string][] = [];
    for (const f of flagList(parsed, 'filter')) {
      const eq = f.indexOf('=');
      filters.push([f.slice(0, eq).trim().toLowerCase(), f.slice(eq + 1).trim()]);
    }
    if (parsed.args[0] !== undefined) filters.push(['reference', parsed.args[0]]);
    for (const [key, value] of filters) {
      if (key !== 'dangling' && key !== 'reference') {
        ctx.io.err(`Error response from daemon: invalid filter '${key}'\n`);
        return 1;
      }
      if (key === 'dangling' && !/^(true|false|1|0)$/i.test(value)) {
        ctx.io.err(`Error response from daemon: invalid filter 'dangling=${value}'\n`);
        return 1;
      }
    }
    const digests = flagBool(parsed, 'digests');
    const rows = imageRows(ctx.engine, {
      all: flagBool(parsed, 'all'),
      digests,
      trunc: !flagBool(parsed, 'no-trunc'),
      filters,
    });
    let format = flagString(parsed, 'format');
    if (format === '' || format === 'table') {
      if (flagBool(parsed, 'quiet')) format = '{{.ID}}';
      else
        format = digests
          ? 'table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}'
          : 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}';
    }
    const r = renderFormat(format, rows, HEADER);
    if (!r.ok) {
      ctx.io.err(`${r.error}\n`);
      return 1;
    }
    ctx.io.out(r.output);
    return 0;
  },
};

const HEADER = {
  Containers: 'CONTAINERS',
  CreatedAt: 'CREATED AT',
  CreatedSince: 'CREATED',
  Digest: 'DIGEST',
  ID: 'IMAGE ID',
  Repository: 'REPOSITORY',
  SharedSize: 'SHARED SIZE',
  Size: 'SIZE',
  Tag: 'TAG',
  UniqueSize: 'UNIQUE SIZE',
  VirtualSize: 'VIRTUAL SIZE',
};

export interface ImageRowOptions {
  all: boolean;
  digests: boolean;
  trunc: boolean;
  /** `dangling` and `reference` filters, as key/value pairs. */
  filters: readonly [string, string][];
}

/** `2026-11-13 09:00:00 +0000 UTC`: Go's time.Time String in UTC. */
export function goTimeString(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`;
}

/** `redis:latest` → ['redis', 'latest'] (the tag follows the last colon after the last slash). */
function splitTag(tag: string): [string, string] {
  const i = tag.lastIndexOf(':');
  return i > tag.lastIndexOf('/') ? [tag.slice(0, i), tag.slice(i + 1)] : [tag, ''];
}

/** Go's path.Match for the `reference` filter: `*` and `?` never cross a `/`. */
function globMatch(pattern: string, text: string): boolean {
  let re = '^';
  for (const ch of pattern) {
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(re + '$').test(text);
}

/** The rows `docker images` prints, newest image first, as the formatter's row objects. */
export function imageRows(engine: Engine, opts: ImageRowOptions): GoStruct[] {
  const { state } = engine;
  const now = engine.platform.clock.now();
  const refPatterns = opts.filters.filter(([k]) => k === 'reference').map(([, v]) => v);
  const dangling = opts.filters.filter(([k]) => k === 'dangling').map(([, v]) => /^(true|1)$/i.test(v));
  const created = (img: ImageRec) => {
    const t = Date.parse(img.config.created ?? '');
    return Number.isNaN(t) ? 0 : t;
  };
  const images = [...state.images.values()].sort(
    (a, b) => created(b) - created(a) || b.loadedAt - a.loadedAt || (a.id < b.id ? -1 : 1),
  );
  const rows: GoStruct[] = [];
  for (const img of images) {
    // a pull by digest may be recorded under a `name@sha256:…` key: that is a digest, not a tag
    const keys = state.tagsOf(img.id);
    let tags = keys.filter((t) => !t.includes('@'));
    let repoDigests = [...new Set([...img.repoDigests, ...keys.filter((t) => t.includes('@'))])];
    if (refPatterns.length) {
      const keep = (ref: string, name: string) =>
        refPatterns.some((p) => globMatch(p, ref) || globMatch(p, name));
      tags = tags.filter((t) => keep(t, splitTag(t)[0]));
      repoDigests = repoDigests.filter((d) => keep(d, d.split('@')[0] ?? ''));
      if (!tags.length && !repoDigests.length) continue;
    }
    const untagged = tags.length === 0 && repoDigests.length === 0;
    if (untagged && !opts.all && state.childrenOf(img.id).length > 0) continue;
    if (dangling.some((d) => d !== (tags.length === 0))) continue;
    const size = imageSize(engine, img);
    const createdMs = created(img);
    const row = (repo: string, tag: string, digest: string) =>
      new GoStruct('*formatter.imageContext', {
        Containers: 'N/A',
        CreatedAt: createdMs ? goTimeString(createdMs) : goTimeString(0),
        CreatedSince: createdMs ? `${humanDuration(now - createdMs)} ago` : 'N/A',
        Digest: digest,
        ID: opts.trunc ? img.id.replace(/^sha256:/, '').slice(0, 12) : img.id,
        Repository: repo,
        SharedSize: 'N/A',
        Size: humanSizeWithPrecision(size, 3),
        Tag: tag,
        UniqueSize: 'N/A',
        VirtualSize: humanSizeWithPrecision(size, 3),
      });
    if (untagged) {
      rows.push(row('<none>', '<none>', '<none>'));
      continue;
    }
    const byRepoTags = new Map<string, string[]>();
    for (const t of tags) {
      const [repo, tag] = splitTag(t);
      byRepoTags.set(repo, [...(byRepoTags.get(repo) ?? []), tag]);
    }
    const byRepoDigests = new Map<string, string[]>();
    for (const d of repoDigests) {
      const at = d.indexOf('@');
      const repo = d.slice(0, at);
      byRepoDigests.set(repo, [...(byRepoDigests.get(repo) ?? []), d.slice(at + 1)]);
    }
    for (const repo of [...byRepoTags.keys()].sort()) {
      const ds = opts.digests ? (byRepoDigests.get(repo) ?? []) : [];
      byRepoDigests.delete(repo);
      for (const tag of byRepoTags.get(repo) ?? []) {
        if (ds.length === 0) rows.push(row(repo, tag, '<none>'));
        else for (const d of ds) rows.push(row(repo, tag, d));
      }
    }
    // Repositories known only by digest (their tag moved elsewhere) keep a `<none>` row.
    for (const repo of [...byRepoDigests.keys()].sort()) {
      if (opts.digests) for (const d of byRepoDigests.get(repo) ?? []) rows.push(row(repo, '<none>', d));
      else rows.push(row(repo, '<none>', ''));
    }
  }
  return rows;
}
