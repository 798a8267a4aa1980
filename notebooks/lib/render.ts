import { cellText, columnHeading } from '#lib/format/cells.ts';
import { disclosureSettings } from '#lib/server/release/settings.ts';
import type { Cell, Notebook, NotebookMeta, TableCell } from './notebook.ts';

/**
 * Notebook pages as static HTML with no scripts: Markdown, tables formatted as the dashboard's
 * tables are (src/lib/format/cells.ts: the same digits, `[c]` and `[x]`), and server-rendered SVG.
 */

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

function renderTable(t: TableCell, id: string): string {
  const num = (kind: string) => (kind === 'dim' ? '' : ' class="num"');
  const head = t.columns.map((c) => `<th scope="col"${num(c.kind)}>${esc(columnHeading(c))}</th>`).join('');
  const body = t.rows
    .map(
      (r) =>
        `<tr>${t.columns.map((c) => `<td${num(c.kind)}>${esc(cellText(c, r[c.key]))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  // the rows as the registry released them, for anyone who wants the numbers (as /api/v1 gives them)
  const data = JSON.stringify({
    title: t.title,
    dataset: t.dataset,
    query: t.query,
    columns: t.columns,
    rows: t.rows,
  }).replaceAll('<', '\\u003c');
  const api = `/api/v1/${t.dataset}${t.query ? `?${t.query}` : ''}`;
  return `<figure class="table" id="${id}"><figcaption>${esc(t.title)}</figcaption>
<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></div>
${t.notice ? `<p class="notice">${esc(t.notice)}</p>` : ''}
<p class="note">${t.note ? `${esc(t.note)} ` : ''}Dataset <a href="${esc(api)}"><code>${esc(t.dataset)}</code></a>.</p>
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

export function page(title: string, body: string, meta: NotebookMeta): string {
  // the settings the registry applied in this process (SPO_DISCLOSURE_*)
  const s = disclosureSettings();
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — SP Observatory notebooks</title><style>${STYLE}</style></head>
<body><header><a href="/">SP Observatory dashboard</a> · <a href="/notebooks/">Notebooks</a></header>
<main><h1>${esc(title)}</h1>
<p class="meta" data-as-of="${esc(meta.dataAsOf ?? '')}">Data as of ${esc(meta.dataAsOf ?? 'no loads')} · published snapshot ${esc(meta.snapshot)} · figures for ${esc(meta.audience)}</p>
${body}
<p class="disclosure">Every figure here comes from the dashboard's datasets, under the same disclosure control as
its pages and API: counts of 1–${s.threshold} are suppressed ([c]) and other counts rounded to the nearest
${s.roundTo}; a mean, rate or share resting on fewer than ${s.minN} people is not shown ([x]).</p>
</main></body></html>
`;
}

export function renderNotebook(notebook: Notebook, cells: Cell[], meta: NotebookMeta): string {
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

export function renderIndex(notebooks: Notebook[], meta: NotebookMeta): string {
  const list = notebooks
    .map(
      (nb) =>
        `<li><a href="${nb.slug}">${esc(nb.title)}</a><br><span class="note">${esc(nb.summary)}</span></li>`,
    )
    .join('\n');
  return page(
    'Notebooks',
    `<p>Analyses beyond the dashboard's pages, from the same datasets under the same disclosure control. Each
is a file in <code>notebooks/</code>; rebuild them with <code>npx spo notebooks</code>.</p><ul>${list}</ul>`,
    meta,
  );
}
