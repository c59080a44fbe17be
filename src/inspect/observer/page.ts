/**
 * The observer's page: HTML, CSS and script, served by the observer itself (nothing from
 * a CDN: it works offline). The script (page_script.ts) builds the DOM with
 * `textContent`, never from HTML strings, so a process label or a state that contains
 * markup is shown, not run.
 */
export { APP_JS } from './page_script.js';
export { APP_CSS } from './page_style.js';

/** The page, its asset URLs carrying `token` (the server refuses any request without it). */
export function pageHtml(token: string): string {
  const t = encodeURIComponent(token);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>beamish observer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/app.css?token=${t}">
</head>
<body>
<header class="top">
  <div class="brand"><span class="logo" aria-hidden="true"></span>beamish <span class="sub">observer</span></div>
  <div class="stats" id="stats"></div>
  <div class="conn" id="conn" data-state="connecting">connecting…</div>
</header>
<main class="grid">
  <section class="panel" id="tree-panel">
    <div class="panel-head">
      <h2>Supervision trees</h2>
      <div class="legend"><span class="lg lg-sup">supervisor</span><span class="lg lg-worker">worker</span><span class="lg lg-crash">crashed</span><span class="lg lg-new">restarted</span></div>
    </div>
    <div class="panel-body" id="tree-body">
      <ul class="tree" id="tree"></ul>
      <p class="foot" id="tree-foot"></p>
    </div>
  </section>
  <section class="panel" id="details-panel">
    <div class="panel-head"><h2>Process</h2></div>
    <div class="panel-body" id="details"><p class="hint">Click a process in the tree or the table to see its details: links, monitors, mailbox, and the state of a GenServer.</p></div>
  </section>
  <section class="panel" id="table-panel">
    <div class="panel-head">
      <h2>Processes</h2>
      <input id="filter" type="search" placeholder="Filter: pid, name, label, status" autocomplete="off" spellcheck="false">
    </div>
    <div class="panel-body">
      <table class="procs" id="procs">
        <thead><tr>
          <th data-sort="pid">Pid</th><th data-sort="name">Name</th><th data-sort="label">Label</th><th data-sort="status">Status</th>
          <th data-sort="messages" class="num">Msgs</th><th data-sort="reductions" class="num">Reds</th><th data-sort="memory" class="num">Memory</th>
        </tr></thead>
        <tbody></tbody>
      </table>
      <p class="foot" id="table-foot"></p>
    </div>
  </section>
  <section class="panel" id="seq-panel">
    <div class="panel-head">
      <h2>Messages</h2>
      <div class="legend" id="seq-legend"></div>
      <div class="tools">
        <label class="check"><input type="checkbox" id="seq-only"> selected process only</label>
        <button type="button" id="seq-pause" class="btn">Pause</button>
      </div>
    </div>
    <div class="panel-body" id="seq"></div>
  </section>
</main>
<div class="toast" id="toast" role="status"></div>
<script src="/app.js?token=${t}"></script>
</body>
</html>
`;
}
