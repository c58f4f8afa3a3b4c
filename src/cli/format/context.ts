// docker/cli formatter.Context.Write: `--format` strings (`table …`, `json`, or a template)
// applied to each row, tables aligned by the tabwriter with a header row.
import { DOCKER_TABLE, tabwrite } from './tabwriter';
import { GoTemplate, HEADER_FUNCS, TemplateError } from './template/index';

export type FormatResult = { ok: true; output: string } | { ok: false; error: string };

/** What Format.IsTable and preFormat do: strip `table`, trim spaces, turn `\t`/`\n` escapes into characters. */
export function preFormat(format: string): { table: boolean; template: string } {
  let f = format;
  const table = f.startsWith('table');
  if (table) f = f.slice('table'.length);
  else if (f === 'json') f = '{{json .}}';
  f = f.replace(/^ +| +$/g, '');
  f = f.replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  return { table, template: f };
}

/**
 * Renders rows with a docker `--format` value. `header` is the row type's column titles
 * (e.g. `{ ID: 'CONTAINER ID', Image: 'IMAGE' }`), used for `table` formats.
 * Errors carry docker's `template parsing error: ` prefix.
 */
export function renderFormat(format: string, rows: readonly unknown[], header: unknown = {}): FormatResult {
  const { table, template } = preFormat(format);
  let tmpl: GoTemplate;
  try {
    tmpl = GoTemplate.parse(template);
  } catch (e) {
    if (e instanceof TemplateError) return { ok: false, error: `template parsing error: ${e.message}` };
    throw e;
  }
  let body = '';
  for (const row of rows) {
    try {
      body += tmpl.execute(row) + '\n';
    } catch (e) {
      if (e instanceof TemplateError) return { ok: false, error: `template parsing error: ${e.message}` };
      throw e;
    }
  }
  if (!table) return { ok: true, output: body };
  let head: string;
  try {
    head = tmpl.execute(header, { funcs: HEADER_FUNCS });
  } catch (e) {
    // docker ignores header errors and keeps what was written.
    if (!(e instanceof TemplateError)) throw e;
    head = e.partial;
  }
  return { ok: true, output: tabwrite(head + '\n' + body, DOCKER_TABLE) };
}
