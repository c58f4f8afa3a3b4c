// docker history IMAGE: the image config's history, newest first (docker/cli formatter/history.go).

import { flagBool, flagString } from '../flags';
import { renderFormat } from '../format/context';
import { GoStruct } from '../format/govalue';
import { humanDuration, humanSizeWithPrecision } from '../format/units';
import { displayWidth, truncateWidth } from '../format/width';
import type { DockerCommand } from './command';
import { reportError } from './pull-progress';

const HEADER = {
  Comment: 'COMMENT',
  CreatedAt: 'CREATED AT',
  CreatedBy: 'CREATED BY',
  CreatedSince: 'CREATED',
  ID: 'IMAGE',
  Size: 'SIZE',
};

/** formatter.Ellipsis: cut to `max` columns, the last one an ellipsis. */
export function ellipsis(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  return truncateWidth(text, max - 1) + '…';
}

/** Go's time.RFC3339 in UTC: `2026-11-13T09:00:00Z`. */
function rfc3339(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'history [OPTIONS] IMAGE',
    short: 'Show the layers an image was built from, newest first',
    aliases: ['docker image history', 'docker history'],
    args: { kind: 'exact', n: 1 },
    flags: [
      {
        name: 'format',
        type: 'string',
        usage: "Format the output: 'table', 'table TEMPLATE', 'json' or a Go template",
      },
      {
        name: 'human',
        short: 'H',
        type: 'bool',
        default: true,
        usage: 'Show sizes and times in a human-friendly way',
      },
      { name: 'no-trunc', type: 'bool', usage: 'Print ids and commands in full' },
      { name: 'quiet', short: 'q', type: 'bool', usage: 'Print image ids only' },
    ],
  },
  async run(parsed, ctx) {
    let rows;
    try {
      rows = ctx.engine.history(parsed.args[0] ?? '');
    } catch (e) {
      return reportError(ctx, e);
    }
    const human = flagBool(parsed, 'human');
    const trunc = !flagBool(parsed, 'no-trunc');
    const now = ctx.engine.platform.clock.now();
    const items = rows.map((h) => {
      const t = Date.parse(h.created);
      const created = Number.isNaN(t) ? 0 : Math.floor(t / 1000) * 1000;
      const by = h.createdBy.replace(/\t/g, ' ');
      return new GoStruct('*formatter.historyContext', {
        Comment: h.comment,
        CreatedAt: rfc3339(created),
        CreatedBy: trunc ? ellipsis(by, 45) : by,
        CreatedSince: human ? `${humanDuration(now - created)} ago` : rfc3339(created),
        ID: trunc && h.id.startsWith('sha256:') ? h.id.slice(7, 19) : h.id,
        Size: human ? humanSizeWithPrecision(h.size, 3) : String(h.size),
      });
    });
    let format = flagString(parsed, 'format');
    if (format === '' || format === 'table') {
      format = flagBool(parsed, 'quiet')
        ? '{{.ID}}'
        : 'table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';
    }
    const r = renderFormat(format, items, HEADER);
    if (!r.ok) {
      ctx.io.err(`${r.error}\n`);
      return 1;
    }
    ctx.io.out(r.output);
    return 0;
  },
};
