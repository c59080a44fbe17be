/** The observer page's style sheet (served as /app.css). System fonts only: it works offline. */
export const APP_CSS = String.raw`
:root {
  --bg: #f4f5f7; --panel: #fff; --line: #e2e5ea; --soft: #eef0f3; --text: #1c2230; --muted: #6b7280;
  --sup: #4f46e5; --sup-bg: #eef0ff; --worker: #cfd5de; --accent: #2563eb;
  --crash: #dc2626; --crash-bg: #fee2e2; --new: #15803d; --new-bg: #c9f7d6;
  --mono: ui-monospace, "SF Mono", SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace;
}
* { box-sizing: border-box; }
html, body { height: 100%; margin: 0; }
body {
  display: flex; flex-direction: column; background: var(--bg); color: var(--text);
  font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
button, input { font: inherit; color: inherit; }

/* header */
.top { display: flex; align-items: center; gap: 20px; padding: 10px 16px; background: #1c2230; color: #e8eaf0; }
.brand { font-weight: 700; font-size: 15px; letter-spacing: .2px; display: flex; align-items: center; gap: 8px; }
.brand .sub { font-weight: 400; color: #a9b0c2; }
.logo { width: 14px; height: 14px; border-radius: 50%; background: radial-gradient(circle at 35% 35%, #a5b4fc, #4f46e5 70%); box-shadow: 0 0 0 3px rgba(99,102,241,.25); }
.stats { display: flex; gap: 18px; flex: 1; color: #c7ccd9; font-size: 12.5px; }
.stats b { color: #fff; font-variant-numeric: tabular-nums; font-weight: 600; }
.conn { font-size: 12px; padding: 3px 10px; border-radius: 999px; background: #374151; color: #d1d5db; }
.conn[data-state="live"] { background: rgba(34,197,94,.16); color: #86efac; }
.conn[data-state="live"]::before { content: ""; display: inline-block; width: 7px; height: 7px; border-radius: 50%; background: #22c55e; margin-right: 6px; vertical-align: 1px; }
.conn[data-state="lost"] { background: rgba(239,68,68,.18); color: #fca5a5; }

/* panels */
.grid {
  flex: 1; min-height: 0; display: grid; gap: 12px; padding: 12px;
  grid-template-columns: minmax(0, 1.35fr) minmax(360px, 1fr);
  grid-template-rows: minmax(0, 1.1fr) minmax(0, 1fr);
}
.panel { display: flex; flex-direction: column; min-height: 0; min-width: 0; background: var(--panel); border: 1px solid var(--line); border-radius: 10px; box-shadow: 0 1px 2px rgba(16,24,40,.05); }
.panel-head { display: flex; align-items: center; gap: 12px; padding: 9px 14px; border-bottom: 1px solid var(--soft); min-height: 42px; flex-wrap: wrap; }
.panel-head h2 { margin: 0; font-size: 13px; font-weight: 650; text-transform: uppercase; letter-spacing: .6px; color: #374151; }
.panel-body { flex: 1; min-height: 0; overflow: auto; padding: 10px 14px; }
.foot { color: var(--muted); font-size: 12px; margin: 10px 2px 2px; }
.hint { color: var(--muted); margin: 6px 2px; max-width: 46ch; }
.legend { display: flex; gap: 10px; font-size: 11.5px; color: var(--muted); flex-wrap: wrap; }
.lg::before { content: ""; display: inline-block; width: 10px; height: 10px; border-radius: 3px; margin-right: 5px; vertical-align: -1px; border: 1.5px solid var(--worker); background: #fff; }
.lg-sup::before { border-color: var(--sup); background: var(--sup-bg); }
.lg-crash::before { border-color: var(--crash); background: var(--crash-bg); }
.lg-new::before { border-color: var(--new); background: var(--new-bg); }
.tools { margin-left: auto; display: flex; align-items: center; gap: 10px; }
.check { font-size: 12px; color: var(--muted); display: flex; align-items: center; gap: 4px; cursor: pointer; }
.btn { border: 1px solid var(--line); background: #fff; border-radius: 6px; padding: 3px 10px; cursor: pointer; font-size: 12px; }
.btn:hover { background: var(--soft); }
.btn.danger { color: #fff; background: var(--crash); border-color: var(--crash); font-weight: 600; }
.btn.danger:hover { background: #b91c1c; }
#filter { margin-left: auto; width: 240px; padding: 4px 9px; border: 1px solid var(--line); border-radius: 6px; background: #fafbfc; font-size: 12.5px; }
#filter:focus { outline: 2px solid rgba(37,99,235,.35); border-color: var(--accent); }

/* supervision trees */
.tree, .tree ul { list-style: none; margin: 0; padding: 0; }
.tree > li { margin-bottom: 14px; }
/* The connectors are drawn inside each child's own box (its left padding), so that the
   paint containment of content-visibility cannot clip them. */
.tree ul { margin-left: 12px; }
.tree li { position: relative; padding: 3px 0; }
.tree ul > li { padding-left: 20px; }
/* A worker scrolled out of sight costs no style, layout or paint (a thousand of them restart). */
.tree li.worker { content-visibility: auto; contain-intrinsic-size: auto 34px; }
.tree ul > li::before { content: ""; position: absolute; left: 0; top: 0; height: 100%; border-left: 1.5px solid #c5cbd5; }
.tree ul > li:last-child::before { height: 17px; }
.tree ul > li::after { content: ""; position: absolute; left: 0; top: 17px; width: 17px; border-top: 1.5px solid #c5cbd5; }
.card {
  display: inline-flex; align-items: center; gap: 8px; padding: 3px 8px 3px 9px; min-height: 28px;
  background: #fff; border: 1.5px solid var(--worker); border-radius: 7px; cursor: pointer; white-space: nowrap;
  transition: border-color .15s, box-shadow .15s;
}
.card:hover { border-color: #9aa3b2; }
.sup > .card { background: var(--sup-bg); border-color: var(--sup); }
.sup > .card .title { color: #312e81; }
.card.selected { box-shadow: 0 0 0 3px rgba(37,99,235,.35); border-color: var(--accent); }
.title { font-weight: 600; }
.pid { font-family: var(--mono); font-size: 12px; color: #4b5563; padding: 0 3px; border-radius: 4px; }
.kind { font-size: 10.5px; text-transform: uppercase; letter-spacing: .5px; color: var(--muted); }
.tag { font-size: 11px; padding: 0 7px; border-radius: 999px; background: #f1f3f6; color: #4b5563; border: 1px solid #e3e6eb; }
.tag.strategy { background: #e0e7ff; color: #3730a3; border-color: #c7d2fe; font-weight: 600; }
.restarts { font-size: 11.5px; color: #c2410c; font-weight: 600; }
.was { font-size: 11px; color: var(--muted); font-family: var(--mono); }
.dot { width: 8px; height: 8px; border-radius: 50%; background: #10b981; flex: none; }
.dot.running, .dot.runnable { background: #f59e0b; }
.dot.new { background: #a3a3a3; }
.dot.exiting, .dot.exited { background: var(--crash); }
.dot.not-running { background: #fff; border: 1.5px solid #9ca3af; }
.dot.restarting { background: #f97316; }
.gone > .card { opacity: .6; border-style: dashed; }
.kill {
  border: 0; background: transparent; color: #9ca3af; cursor: pointer; padding: 0 2px; font-size: 13px; line-height: 1;
  opacity: 0; transition: opacity .12s;
}
.card:hover .kill, .card.selected .kill { opacity: 1; }
.kill:hover { color: var(--crash); }
.more > .btn { font-size: 11.5px; color: var(--accent); }
.empty { color: var(--muted); padding: 8px 2px; }

/* Only colours animate (no shadows, no layout): a hundred restarts a second stay cheap to paint. */
@keyframes crash {
  0%, 40% { background: var(--crash-bg); border-color: var(--crash); }
}
@keyframes pid-in {
  0% { opacity: 0; background: var(--new-bg); color: var(--new); }
  30% { opacity: 1; background: var(--new-bg); color: var(--new); }
}
.node.crashed > .card { animation: crash 1.2s steps(6, end); }
.node.restarted > .card .pid { animation: pid-in 1.6s steps(8, end) .45s both; }

/* process table */
table.procs { width: 100%; border-collapse: collapse; font-size: 12.5px; table-layout: fixed; }
.procs th:nth-child(1) { width: 13%; } .procs th:nth-child(2) { width: 15%; } .procs th:nth-child(3) { width: 24%; }
.procs th:nth-child(4) { width: 14%; } .procs th:nth-child(5) { width: 9%; } .procs th:nth-child(6) { width: 11%; }
.procs th {
  position: sticky; top: -10px; background: #fff; z-index: 1; text-align: left; font-weight: 600; color: #4b5563;
  padding: 6px 8px; border-bottom: 1.5px solid var(--line); cursor: pointer; user-select: none; white-space: nowrap;
}
.procs th:hover { color: var(--text); }
.procs th.sorted::after { content: " ▲"; font-size: 9px; color: var(--accent); }
.procs th.sorted.desc::after { content: " ▼"; }
.procs td { padding: 4px 8px; border-bottom: 1px solid var(--soft); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.procs td:first-child { font-family: var(--mono); font-size: 12px; }
.procs .num { text-align: right; font-variant-numeric: tabular-nums; }
.procs tbody tr { cursor: pointer; }
.procs tbody tr:hover { background: #f7f8fa; }
.procs tbody tr.selected { background: #e8efff; }
.procs .st { display: inline-flex; align-items: center; gap: 6px; }

/* details */
.d-head { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; margin-bottom: 10px; }
.d-head .title { font-size: 16px; }
.d-head .pid { font-size: 13px; }
.d-head .btn.danger { margin-left: auto; }
.fields { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 0 0 12px; }
.fields dt { color: var(--muted); }
.fields dd { margin: 0; font-variant-numeric: tabular-nums; }
.d-sec { margin: 12px 0 4px; font-size: 11.5px; font-weight: 650; text-transform: uppercase; letter-spacing: .6px; color: #4b5563; }
.d-list { list-style: none; margin: 0; padding: 0; }
.d-list li { padding: 2px 0; }
.d-list .none { color: var(--muted); }
a.pidlink { font-family: var(--mono); font-size: 12px; color: var(--accent); text-decoration: none; cursor: pointer; }
a.pidlink:hover { text-decoration: underline; }
.d-list .what { color: var(--muted); margin-left: 8px; }
pre.value { margin: 0; padding: 8px 10px; background: #f6f7f9; border: 1px solid var(--soft); border-radius: 6px; font: 12px/1.45 var(--mono); white-space: pre-wrap; word-break: break-word; }
.gone-note { padding: 10px 12px; border-radius: 8px; background: #fff7ed; border: 1px solid #fed7aa; color: #9a3412; }

/* sequence diagram */
#seq { padding: 0; }
#seq svg { display: block; }
#seq .empty { padding: 12px 14px; }
.seq-sticky { position: sticky; top: 0; z-index: 1; background: #fff; }
.seq-head rect { fill: #f3f4f6; stroke: #d8dce3; }
.seq-head rect.selected { fill: #e8efff; stroke: var(--accent); }
.seq-head text { font-size: 11.5px; fill: var(--text); font-weight: 600; }
.seq-head text.sub { font: 10.5px var(--mono); fill: var(--muted); font-weight: 400; }
.seq-life { stroke: #d5d9e0; stroke-dasharray: 3 4; }
.seq-row text { font: 11px var(--mono); }
.seq-row text.kind { font-weight: 700; font-family: system-ui, sans-serif; font-size: 10px; letter-spacing: .4px; }
.swatch { display: inline-flex; align-items: center; gap: 4px; }
.swatch i { display: inline-block; width: 12px; height: 3px; border-radius: 2px; }

.toast {
  position: fixed; right: 16px; bottom: 16px; background: #1c2230; color: #fff; padding: 8px 14px; border-radius: 8px;
  font-size: 12.5px; opacity: 0; transform: translateY(6px); transition: opacity .2s, transform .2s; pointer-events: none;
}
.toast.show { opacity: 1; transform: none; }

@media (max-width: 1000px) {
  .grid { grid-template-columns: minmax(0, 1fr); grid-template-rows: none; grid-auto-rows: minmax(320px, auto); overflow: auto; }
}
`;
