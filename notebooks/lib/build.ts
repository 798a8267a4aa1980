import { parseHTML } from 'linkedom';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { openDatabase, type Database } from '../../pipelines/db/database.ts';
import type { Cell, Column, Notebook, NotebookContext, TableCell } from './notebook.ts';
import { NOTEBOOKS } from '../index.ts';

export interface Source {
  /** a folder written by `spo export --format parquet` (with manifest.json) */
  parquet?: string;
  /** or a published snapshot file, read directly */
  snapshot?: string;
}

interface Manifest {
  snapshot: string;
  publishedAt: string | null;
  dataAsOf: string | null;
  tables: { name: string; path: string; partitionedBy: string[] }[];
}

const q = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** An in-memory DuckDB with a view `marts.<name>` over each exported mart. */
export async function openMarts(source: Source): Promise<{ db: Database; meta: NotebookContext['meta'] }> {
  const db = await openDatabase(':memory:', { threads: 2 });
  try {
    await db.run('create schema marts');
    if (source.parquet) {
      const manifest = JSON.parse(await readFile(join(source.parquet, 'manifest.json'), 'utf8')) as Manifest;
      for (const t of manifest.tables) {
        const hive = t.partitionedBy.length > 0;
        await db.run(
          `create view marts."${t.name}" as select * from read_parquet(${q(join(source.parquet, t.path, '**', '*.parquet'))},
             hive_partitioning = ${hive}${hive ? ', hive_types_autocast = false' : ''})`,
        );
      }
      return {
        db,
        meta: { dataAsOf: manifest.dataAsOf, publishedAt: manifest.publishedAt, snapshot: manifest.snapshot },
      };
    }
    if (!source.snapshot) throw new Error('give the notebooks a Parquet export or a snapshot to read');
    await db.run(`attach ${q(source.snapshot)} as snap (read_only)`);
    const tables = await db.all<{ name: string }>(
      `select table_name as name from duckdb_tables() where database_name = 'snap' and schema_name = 'marts'`,
    );
    for (const t of tables)
      await db.run(`create view marts."${t.name}" as select * from snap.marts."${t.name}"`);
    const info = await db.one<{ data_as_of: string | null; published_at: string | null }>(
      `select data_as_of::VARCHAR as data_as_of, published_at::VARCHAR as published_at from snap.marts._snapshot`,
    );
    return {
      db,
      meta: {
        dataAsOf: info?.data_as_of ?? null,
        publishedAt: info?.published_at ?? null,
        snapshot: basename(source.snapshot),
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Runs one notebook's cells against the marts. */
export async function runNotebook(
  notebook: Notebook,
  db: Database,
  meta: NotebookContext['meta'],
): Promise<Cell[]> {
  const cells: Cell[] = [];
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const nb: NotebookContext = {
    meta,
    query: (sql, params) => db.all(sql, params),
    md: (text) => cells.push({ kind: 'md', text }),
    table: (title, rows, columns, note) =>
      cells.push({
        kind: 'table',
        title,
        rows: rows as TableCell['rows'],
        columns: columns as TableCell['columns'],
        note,
      }),
    figure: (title, plot, caption) => {
      const el = plot(document as unknown as Document);
      cells.push({ kind: 'figure', title, html: el.outerHTML, caption });
    },
  };
  await notebook.run(nb);
  return cells;
}

// ---- rendering -------------------------------------------------------------------------------

const esc = (s: unknown) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** A small Markdown subset: headings, paragraphs, lists, **bold**, *italic*, `code`, [links](…). */
export function markdown(text: string): string {
  const inline = (s: string) =>
    esc(s)
      .replace(/`([^`]+)`/g, '<code>$1</code>')
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
      .replace(/\*([^*]+)\*/g, '<em>$1</em>')
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>');
  const lines = text.replace(/^\n+|\s+$/g, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  const blocks = lines
    .map((l) => l.slice(indent))
    .join('\n')
    .split(/\n\s*\n/);
  return blocks
    .map((b) => {
      const h = b.match(/^(#{1,4}) (.*)$/);
      if (h) return `<h${h[1].length + 1}>${inline(h[2])}</h${h[1].length + 1}>`;
      if (/^[-*] /.test(b))
        return `<ul>${b
          .split(/\n(?=[-*] )/)
          .map((li) => `<li>${inline(li.replace(/^[-*] /, ''))}</li>`)
          .join('')}</ul>`;
      return `<p>${inline(b)}</p>`;
    })
    .join('\n');
}

export function formatCell(value: unknown, c: Column<Record<string, unknown>>): string {
  if (value === null || value === undefined)
    return c.kind === 'count' ? '[c]' : c.kind === 'value' ? '[x]' : '';
  if (typeof value !== 'number') return esc(value);
  const digits = c.digits ?? (c.kind === 'count' || c.kind === 'population' ? 0 : 1);
  const v = c.percent ? value * 100 : value;
  const text = v.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return c.percent ? `${text}%` : text;
}

function renderTable(t: TableCell, id: string): string {
  const head = t.columns
    .map((c) => `<th scope="col"${c.kind === 'dim' ? '' : ' class="num"'}>${esc(c.label)}</th>`)
    .join('');
  const body = t.rows
    .map(
      (r) =>
        `<tr>${t.columns
          .map((c) => `<td${c.kind === 'dim' ? '' : ' class="num"'}>${formatCell(r[c.key], c)}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  const data = JSON.stringify({ title: t.title, columns: t.columns, rows: t.rows }).replaceAll(
    '<',
    '\\u003c',
  );
  return `<figure class="table" id="${id}"><figcaption>${esc(t.title)}</figcaption>
<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></div>
${t.note ? `<p class="note">${esc(t.note)}</p>` : ''}
<script type="application/json" data-table="${id}">${data}</script></figure>`;
}

const STYLE = `
body{font-family:Arial,Helvetica,sans-serif;color:#212b32;margin:0;background:#f0f4f5;line-height:1.5}
header{background:#005eb8;color:#fff;padding:12px 24px}header a{color:#fff}
main{max-width:960px;margin:0 auto;padding:16px 24px 48px;background:#fff}
h1{font-size:2rem;margin:.5rem 0}h2{margin-top:2rem}code{background:#f0f4f5;padding:0 3px}
.meta{color:#4c6272;font-size:.9rem}
figure{margin:1.5rem 0}figcaption{font-weight:bold;margin-bottom:.5rem}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #d8dde0;padding:4px 8px;text-align:left}.num{text-align:right;font-variant-numeric:tabular-nums}
.note,.caption{color:#4c6272;font-size:.85rem}
.disclosure{border-left:4px solid #005eb8;background:#eef7ff;padding:8px 12px;font-size:.9rem}
@media print{body{background:#fff}header{background:none;color:#000;padding:0}main{max-width:none}figure{break-inside:avoid}}
`;

function page(title: string, body: string, meta: NotebookContext['meta'], nav = true): string {
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — SP Observatory notebooks</title><style>${STYLE}</style></head>
<body><header>${nav ? '<a href="/">SP Observatory dashboard</a> · <a href="/notebooks/">Notebooks</a>' : 'SP Observatory'}</header>
<main><h1>${esc(title)}</h1>
<p class="meta" data-as-of="${esc(meta.dataAsOf ?? '')}">Data as of ${esc(meta.dataAsOf ?? 'no loads')} · published snapshot ${esc(meta.snapshot)}</p>
${body}
<p class="disclosure">Disclosure control, as on the dashboard: counts of 1–7 are suppressed ([c]) and other counts
rounded to the nearest 5, with a second cell suppressed where one could be worked out from the rest; a mean,
rate or share resting on fewer than 8 people is not shown ([x]). Shares are computed from the rounded counts.</p>
</main></body></html>
`;
}

export function renderNotebook(notebook: Notebook, cells: Cell[], meta: NotebookContext['meta']): string {
  let n = 0;
  const body = cells
    .map((c) => {
      if (c.kind === 'md') return markdown(c.text);
      if (c.kind === 'table') return renderTable(c, `table-${++n}`);
      return `<figure class="chart"><figcaption>${esc(c.title)}</figcaption>${c.html}${c.caption ? `<p class="caption">${esc(c.caption)}</p>` : ''}</figure>`;
    })
    .join('\n');
  return page(notebook.title, `<p>${esc(notebook.summary)}</p>\n${body}`, meta);
}

export interface BuildReport {
  out: string;
  notebooks: { slug: string; title: string; file: string; tables: number; figures: number }[];
  meta: NotebookContext['meta'];
}

/**
 * Builds every notebook into `out` (index.html and <slug>.html), written beside and renamed into
 * place so the dashboard never serves half a build.
 */
export async function buildNotebooks(
  source: Source,
  out: string,
  notebooks = NOTEBOOKS,
): Promise<BuildReport> {
  const { db, meta } = await openMarts(source);
  const partial = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  const report: BuildReport = { out, notebooks: [], meta };
  try {
    for (const nb of notebooks) {
      const cells = await runNotebook(nb, db, meta);
      await writeFile(join(partial, `${nb.slug}.html`), renderNotebook(nb, cells, meta));
      report.notebooks.push({
        slug: nb.slug,
        title: nb.title,
        file: join(out, `${nb.slug}.html`),
        tables: cells.filter((c) => c.kind === 'table').length,
        figures: cells.filter((c) => c.kind === 'figure').length,
      });
    }
    const list = notebooks
      .map(
        (nb) =>
          `<li><a href="${nb.slug}">${esc(nb.title)}</a><br><span class="note">${esc(nb.summary)}</span></li>`,
      )
      .join('\n');
    await writeFile(
      join(partial, 'index.html'),
      page(
        'Notebooks',
        `<p>Analyses beyond the dashboard's pages, from the same published, disclosure-controlled marts. Each is a
file in <code>notebooks/</code>; rebuild them with <code>npx spo notebooks</code>.</p><ul>${list}</ul>`,
        meta,
      ),
    );
    await writeFile(
      join(partial, 'build.json'),
      `${JSON.stringify({ ...meta, notebooks: report.notebooks.map((n) => n.slug) })}\n`,
    );
    const old = join(dirname(out), `.${basename(out)}.old-${process.pid}`);
    await rename(out, old).catch(() => undefined);
    await rename(partial, out);
    await rm(old, { recursive: true, force: true });
    return report;
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  } finally {
    db.close();
  }
}
