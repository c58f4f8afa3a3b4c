// docker system df [-v]: what images, containers, volumes and the build cache take on disk
// (docker/cli formatter/disk_usage.go). Volumes and the build cache are always empty here.

import type { ContainerRec } from '../../engine/state';
import { flagBool, flagString } from '../flags';
import { renderFormat } from '../format/context';
import { GoStruct } from '../format/govalue';
import { goQuote } from '../format/strconv';
import { isShared } from '../../engine/build/cache';
import { humanDuration, humanSize, humanSizeWithPrecision } from '../format/units';
import type { ProgramContext } from '../types';
import type { DockerCommand } from './command';
import { imageRows } from './images';
import { ellipsis, statusText } from './ps';

const SUMMARY = 'table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}';
const SUMMARY_HEADER = {
  Type: 'TYPE',
  TotalCount: 'TOTAL',
  Active: 'ACTIVE',
  Size: 'SIZE',
  Reclaimable: 'RECLAIMABLE',
};

const IMAGES =
  'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}';
const IMAGES_HEADER = {
  Repository: 'REPOSITORY',
  Tag: 'TAG',
  ID: 'IMAGE ID',
  CreatedSince: 'CREATED',
  Size: 'SIZE',
  SharedSize: 'SHARED SIZE',
  UniqueSize: 'UNIQUE SIZE',
  Containers: 'CONTAINERS',
};
const CONTAINERS =
  'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}';
const CONTAINERS_HEADER = {
  ID: 'CONTAINER ID',
  Image: 'IMAGE',
  Command: 'COMMAND',
  LocalVolumes: 'LOCAL VOLUMES',
  Size: 'SIZE',
  RunningFor: 'CREATED',
  Status: 'STATUS',
  Names: 'NAMES',
};

/** `200.1MB (63%)`: the share is an integer division, as in Go. */
function reclaimText(reclaimable: number, total: number): string {
  if (total > 0) return `${humanSize(reclaimable)} (${Math.floor((reclaimable * 100) / total)}%)`;
  return humanSize(reclaimable);
}

function render(ctx: ProgramContext, format: string, rows: readonly unknown[], header: unknown): boolean {
  const r = renderFormat(format, rows, header);
  if (!r.ok) {
    ctx.io.err(`${r.error}\n`);
    return false;
  }
  ctx.io.out(r.output);
  return true;
}

export const command: DockerCommand = {
  spec: {
    parent: 'docker system',
    use: 'df [OPTIONS]',
    short: 'Show how much disk images, containers and volumes take',
    args: { kind: 'none' },
    flags: [
      {
        name: 'format',
        type: 'string',
        usage: "Format the output: 'table', 'table TEMPLATE', 'json' or a Go template",
      },
      { name: 'verbose', short: 'v', type: 'bool', usage: 'List every image and container with its sizes' },
    ],
  },
  async run(parsed, ctx) {
    const engine = ctx.engine;
    const df = engine.df();
    const format = flagString(parsed, 'format');
    if (!flagBool(parsed, 'verbose') || (format !== '' && !format.startsWith('table'))) {
      const rows = df.rows.map(
        (r) =>
          new GoStruct('*formatter.diskUsageContext', {
            Active: String(r.active),
            // docker/cli gives the build cache's figure without a share
            Reclaimable:
              r.type === 'Build Cache' ? humanSize(r.reclaimable) : reclaimText(r.reclaimable, r.size),
            Size: humanSize(r.size),
            TotalCount: String(r.total),
            Type: r.type,
          }),
      );
      return render(ctx, format === '' ? SUMMARY : format, rows, SUMMARY_HEADER) ? 0 : 1;
    }
    const now = engine.platform.clock.now();
    const byId = new Map(df.images.map((i) => [i.id, i]));
    const images = imageRows(engine, { all: true, digests: false, trunc: true, filters: [] }).map((row) => {
      const f = row.fields as Record<string, unknown>;
      const full = [...engine.state.images.keys()].find((id) => id.slice(7, 19) === f.ID);
      const d = full ? byId.get(full) : undefined;
      return new GoStruct(row.typeName, {
        ...f,
        SharedSize: d ? humanSize(d.sharedSize) : 'N/A',
        UniqueSize: d ? humanSize(d.uniqueSize) : 'N/A',
        Containers: d ? String(d.containers) : 'N/A',
      });
    });
    const ctrs = [...engine.state.containers.values()].sort((a, b) => b.created - a.created);
    const containerRow = (c: ContainerRec) => {
      const img = df.images.find((i) => i.id === c.imageId);
      const rw = c.upper.size;
      const virtual = rw + (img?.size ?? 0);
      const command = [c.path, ...c.args].join(' ');
      return new GoStruct('*formatter.ContainerContext', {
        ID: c.id.slice(0, 12),
        Image: c.imageRef,
        Command: goQuote(ellipsis(command, 20)),
        LocalVolumes: '0',
        Size: `${humanSizeWithPrecision(rw, 3)} (virtual ${humanSizeWithPrecision(virtual, 3)})`,
        RunningFor: `${humanDuration(now - c.created)} ago`,
        Status: statusText(c, now),
        Names: c.name,
      });
    };
    ctx.io.out('Images space usage:\n\n');
    if (!render(ctx, IMAGES, images, IMAGES_HEADER)) return 1;
    ctx.io.out('\nContainers space usage:\n\n');
    render(ctx, CONTAINERS, ctrs.map(containerRow), CONTAINERS_HEADER);
    ctx.io.out('\nLocal Volumes space usage:\n\n');
    render(ctx, 'table {{.Name}}\t{{.Links}}\t{{.Size}}', [], {
      Name: 'VOLUME NAME',
      Links: 'LINKS',
      Size: 'SIZE',
    });
    const cache = [...engine.state.buildCache.values()].sort((a, b) => b.created - a.created);
    const cacheSize = df.rows.find((r) => r.type === 'Build Cache')?.size ?? 0;
    ctx.io.out(`\nBuild cache usage: ${humanSize(cacheSize)}\n\n`);
    render(
      ctx,
      'table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}',
      cache.map(
        (r) =>
          new GoStruct('*formatter.buildCacheContext', {
            ID: r.id.slice(0, 12),
            CacheType: 'regular',
            Size: humanSize(r.size),
            CreatedSince: `${humanDuration(now - r.created)} ago`,
            LastUsedSince: `${humanDuration(now - r.created)} ago`,
            UsageCount: '1',
            Shared: String(isShared(engine, r)),
          }),
      ),
      {
        ID: 'CACHE ID',
        CacheType: 'CACHE TYPE',
        Size: 'SIZE',
        CreatedSince: 'CREATED',
        LastUsedSince: 'LAST USED',
        UsageCount: 'USAGE',
        Shared: 'SHARED',
      },
    );
    return 0;
  },
};
