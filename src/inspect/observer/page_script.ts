/**
 * The observer page's script (served as /app.js): plain browser JavaScript, no framework.
 *
 * It keeps the model the server describes (feed.ts: `procs`, `sups`, `kids`, recent
 * messages), replaces it on each `snapshot` event and patches it on each `delta`, then
 * redraws at most once per animation frame. Drawing reuses the DOM node of every tree
 * node and table row by key and touches only the text that changed, so a thousand
 * processes restarting cost a few hundred small DOM updates a second. Animations are CSS
 * classes added and removed on `animationend`, never forced layouts.
 *
 * Kept as a string (no backticks or dollar-brace inside), so it is served as written.
 */
export const APP_JS = String.raw`(function () {
  'use strict';

  var TOKEN = new URLSearchParams(location.search).get('token') || '';
  var CHILD_LIMIT = 50;   // children drawn per supervisor until "show more"
  var ROW_LIMIT = 300;    // table rows drawn
  var SEQ_ROWS = 36;      // arrows in the sequence diagram
  var SEQ_COLS = 7;       // process columns before "others"
  var KEEP_MESSAGES = 400;
  var KINDS = {
    CALL: '#2563eb', REPLY: '#0d9488', CAST: '#7c3aed', INFO: '#475569',
    SPAWN: '#16a34a', EXIT: '#dc2626', DOWN: '#ea580c', SYS: '#9ca3af'
  };

  function api(path) { return path + (path.indexOf('?') < 0 ? '?' : '&') + 'token=' + encodeURIComponent(TOKEN); }

  var S = {
    procs: new Map(), sups: new Map(), kids: new Map(),
    messages: [], lastSeq: 0, stats: null,
    selected: null, sort: 'pid', desc: false, filter: '',
    seqPaused: false, seqOnly: false,
    expanded: new Set(),
    previous: new Map(),    // new pid -> the pid it replaced (from restart reports)
    replacedBy: new Map(),  // old pid -> new pid
    restartsSeen: new Map() // child key -> restarts this page saw
  };

  // ---------------------------------------------------------------- DOM helpers
  function $(id) { return document.getElementById(id); }
  function h(tag, props, children) {
    var el = document.createElement(tag);
    if (props) for (var k in props) {
      if (k === 'text') el.textContent = props[k];
      else if (k === 'class') el.className = props[k];
      else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), props[k]);
      else el.setAttribute(k, props[k]);
    }
    if (children) children.forEach(function (c) { if (c != null) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return el;
  }
  var SVGNS = 'http://www.w3.org/2000/svg';
  function s(tag, attrs, text) {
    var el = document.createElementNS(SVGNS, tag);
    for (var k in attrs) if (attrs[k] != null) el.setAttribute(k, attrs[k]);
    if (text != null) el.textContent = text;
    return el;
  }
  function setText(el, t) { if (el.textContent !== t) el.textContent = t; }
  function setClass(el, name, on) { if (el.classList.contains(name) !== !!on) el.classList.toggle(name, !!on); }
  function setAttr(el, name, v) { if (el.getAttribute(name) !== v) el.setAttribute(name, v); }
  function pidText(p) { return '<' + p + '>'; }
  function pidCmp(a, b) {
    var x = a.split('.'), y = b.split('.');
    return (x[0] - y[0]) || (x[1] - y[1]) || (x[2] - y[2]);
  }
  function bytes(n) {
    if (n < 1024) return n + ' B';
    if (n < 1048576) return (n / 1024).toFixed(1) + ' KB';
    return (n / 1048576).toFixed(1) + ' MB';
  }
  /** Plays a CSS animation class once; it is taken off when the animation ends. */
  function play(el, name) { if (!el.classList.contains(name)) el.classList.add(name); }
  document.addEventListener('animationend', function (e) {
    var el = e.target.closest('.crashed, .restarted');
    if (!el) return;
    if (e.animationName === 'crash') el.classList.remove('crashed');
    if (e.animationName === 'pid-in') el.classList.remove('restarted');
  });
  /** Puts exactly these children in this order, touching the DOM only when they differ. */
  function syncChildren(parent, list) {
    var cur = parent.children;
    var same = cur.length === list.length;
    for (var i = 0; same && i < list.length; i++) if (cur[i] !== list[i]) same = false;
    if (!same) parent.replaceChildren.apply(parent, list);
  }
  var toastTimer = 0;
  function toast(msg) {
    var t = $('toast');
    t.textContent = msg;
    t.classList.add('show');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { t.classList.remove('show'); }, 2600);
  }

  // ---------------------------------------------------------------- drawing, once a frame
  var dirty = { tree: false, table: false, seq: false, stats: false };
  var frame = 0;
  function invalidate(what) {
    for (var i = 0; i < arguments.length; i++) dirty[arguments[i]] = true;
    if (!frame) frame = requestAnimationFrame(draw);
  }
  function draw() {
    frame = 0;
    if (dirty.tree) { dirty.tree = false; drawTree(); }
    if (dirty.table) { dirty.table = false; drawTable(); }
    if (dirty.seq) { dirty.seq = false; drawSeq(); }
    if (dirty.stats) { dirty.stats = false; drawStats(); }
  }

  // ---------------------------------------------------------------- header
  function drawStats() {
    var st = S.stats;
    if (!st) return;
    var el = $('stats');
    var items = [
      [S.procs.size || st.processes, 'processes'],
      [st.supervisors, st.supervisors === 1 ? 'supervisor' : 'supervisors'],
      [st.restartsPerSecond, 'restarts/s'],
      [st.eventsPerSecond, 'events/s']
    ];
    if (el.children.length !== items.length) el.replaceChildren.apply(el, items.map(function () { return h('span', null, [h('b'), ' ', h('span')]); }));
    items.forEach(function (it, i) {
      setText(el.children[i].children[0], String(it[0]));
      setText(el.children[i].children[1], it[1]);
    });
  }
  function setConn(state, text) {
    var c = $('conn');
    c.dataset.state = state;
    setText(c, text);
  }

  // ---------------------------------------------------------------- supervision trees
  var treeEl = $('tree');
  var nodes = new Map();    // key -> node
  var nodeByPid = new Map();

  function makeNode(key) {
    var n = {
      key: key, pid: undefined,
      li: h('li', { class: 'node' }),
      card: h('div', { class: 'card' }),
      dot: h('span', { class: 'dot' }),
      title: h('span', { class: 'title' }),
      pidEl: h('span', { class: 'pid' }),
      kind: h('span', { class: 'kind' }),
      strategy: h('span', { class: 'tag strategy' }),
      restart: h('span', { class: 'tag' }),
      restarts: h('span', { class: 'restarts' }),
      was: h('span', { class: 'was' }),
      kill: h('button', { class: 'kill', type: 'button', title: 'Kill this process (exit reason kill)', 'aria-label': 'kill' }),
      ul: h('ul')
    };
    n.kill.textContent = '\u2715';
    n.card.append(n.dot, n.title, n.pidEl, n.kind, n.strategy, n.restart, n.restarts, n.was, n.kill);
    n.li.append(n.card, n.ul);
    nodes.set(key, n);
    return n;
  }

  function rootsOf() {
    var supervised = new Set();
    S.kids.forEach(function (k) { if (k.pid) supervised.add(k.pid); });
    var roots = [];
    S.sups.forEach(function (sup) { if (!supervised.has(sup.pid)) roots.push(sup); });
    return roots.sort(function (a, b) { return pidCmp(a.pid, b.pid); });
  }

  function drawTree() {
    var used = new Set();
    nodeByPid = new Map();
    var roots = rootsOf();
    var inTrees = { n: 0 };
    var lis = roots.map(function (sup) { return drawNode('root:' + sup.pid, null, sup, used, 0, inTrees).li; });
    if (lis.length === 0) lis = [h('li', { class: 'empty', text: 'No supervisor is running. Start one (Supervisor.startLink) and its tree appears here.' })];
    syncChildren(treeEl, lis);
    nodes.forEach(function (n, key) { if (!used.has(key)) nodes.delete(key); });
    var outside = Math.max(0, S.procs.size - inTrees.n);
    setText($('tree-foot'), S.procs.size === 0 ? '' : outside + (outside === 1 ? ' process is' : ' processes are') + ' not in any supervision tree.');
  }

  function drawNode(key, kid, sup, used, depth, inTrees) {
    used.add(key);
    var fresh = !nodes.has(key);
    var n = nodes.get(key) || makeNode(key);
    var pid = kid ? kid.pid : sup.pid;
    var isSup = !!sup || (kid && kid.type === 'supervisor');
    var proc = pid ? S.procs.get(pid) : undefined;
    var status = kid ? kid.status : (proc ? proc.status : 'waiting');
    if (pid) inTrees.n++;

    // Entries are replaced, never changed in place: the same objects mean nothing to redraw.
    var selected = !!pid && pid === S.selected;
    var own = kid ? null : proc;
    if (fresh || n.kid !== kid || n.sup !== sup || n.proc !== own || n.selected !== selected) {
      n.kid = kid; n.sup = sup; n.proc = own; n.selected = selected;
      setClass(n.li, 'sup', isSup);
      setClass(n.li, 'worker', !isSup);
      setClass(n.li, 'gone', !pid);
      setText(n.title, kid ? kid.title : sup.title);
      setText(n.pidEl, pid ? pidText(pid) : '');
      setAttr(n.card, 'data-title', kid ? kid.title : sup.title);
      setAttr(n.card, 'data-pid', pid || '');
      setAttr(n.card, 'title', status);
      setText(n.kind, isSup ? (sup ? sup.behaviour : 'supervisor') : 'worker');
      setText(n.strategy, sup && sup.strategy ? sup.strategy : '');
      n.strategy.hidden = !(sup && sup.strategy);
      setText(n.restart, kid && kid.restart ? kid.restart : '');
      n.restart.hidden = !(kid && kid.restart);
      n.dot.className = 'dot ' + status.replace(' ', '-');
      n.kill.hidden = !pid;
      if (pid) n.kill.dataset.pid = pid;
      setClass(n.card, 'selected', selected);

      // A new pid in the same child slot is a restart: animate it in.
      var previous = pid ? S.previous.get(pid) : undefined;
      if (pid && ((n.pid !== undefined && n.pid !== pid) || (fresh && previous && !kid))) {
        if (n.pid && n.pid !== pid) previous = n.pid;
        if (kid) S.restartsSeen.set(key, (S.restartsSeen.get(key) || 0) + 1);
        play(n.li, 'restarted');
      }
      if (pid) n.pid = pid;
      var count = kid ? (kid.restarts !== undefined ? kid.restarts : (S.restartsSeen.get(key) || 0)) : 0;
      setText(n.restarts, count > 0 ? '\u21bb ' + count : '');
      n.restarts.hidden = count === 0;
      n.restarts.title = count > 0 ? 'restarted ' + count + (count === 1 ? ' time' : ' times') : '';
      var was = (kid && kid.previousPid) || previous || n.wasPid;
      if (was && was !== pid) n.wasPid = was;
      setText(n.was, n.wasPid && count > 0 ? 'was ' + pidText(n.wasPid) : '');
      n.was.hidden = !(n.wasPid && count > 0);
    }
    if (pid) nodeByPid.set(pid, n);

    var lis = [];
    if (sup && depth < 60) {
      var keys = sup.children;
      var limit = S.expanded.has(key) ? keys.length : Math.min(keys.length, CHILD_LIMIT);
      for (var i = 0; i < limit; i++) {
        var k = S.kids.get(keys[i]);
        if (!k) continue;
        var sub = k.pid ? S.sups.get(k.pid) : undefined;
        lis.push(drawNode(k.key, k, sub, used, depth + 1, inTrees).li);
      }
      for (var j = limit; j < keys.length; j++) { var kk = S.kids.get(keys[j]); if (kk && kk.pid) inTrees.n++; }
      if (keys.length > limit) lis.push(moreItem(key, keys.length - limit));
    }
    syncChildren(n.ul, lis);
    return n;
  }

  var moreItems = new Map();
  function moreItem(key, count) {
    var li = moreItems.get(key);
    if (!li) {
      li = h('li', { class: 'more' }, [h('button', { class: 'btn', type: 'button', onclick: function () { S.expanded.add(key); invalidate('tree'); } })]);
      moreItems.set(key, li);
    }
    setText(li.firstChild, 'show ' + count + ' more');
    return li;
  }

  treeEl.addEventListener('click', function (e) {
    var kill = e.target.closest('.kill');
    if (kill) { e.stopPropagation(); killPid(kill.dataset.pid); return; }
    var card = e.target.closest('.card');
    if (card && card.dataset.pid) select(card.dataset.pid);
  });

  // ---------------------------------------------------------------- process table
  var tbody = document.querySelector('#procs tbody');
  var rows = new Map(); // pid -> { tr, cells, dot }
  var NUMERIC = { messages: 1, reductions: 1, memory: 1 };

  function labelOf(p) {
    if (!p.behaviour || p.behaviour === p.label) return p.label || p.behaviour || '';
    return p.label ? p.label + ' (' + p.behaviour + ')' : p.behaviour;
  }
  function matches(p, f) {
    if (!f) return true;
    return (p.pid + ' <' + p.pid + '> ' + (p.name || '') + ' ' + labelOf(p) + ' ' + p.status).toLowerCase().indexOf(f) >= 0;
  }
  function rowFor(p) {
    var r = rows.get(p.pid);
    if (!r) {
      var cells = [];
      for (var i = 0; i < 7; i++) cells.push(h('td', i >= 4 ? { class: 'num' } : null));
      r = { tr: h('tr', null, cells), cells: cells, dot: h('span', { class: 'dot' }), st: h('span') };
      cells[3].append(h('span', { class: 'st' }, [r.dot, r.st]));
      r.tr.dataset.pid = p.pid;
      setText(cells[0], pidText(p.pid));
      rows.set(p.pid, r);
    }
    setText(r.cells[1], p.name || '');
    var label = labelOf(p);
    setText(r.cells[2], label);
    setAttr(r.cells[2], 'title', label);
    setText(r.st, p.status);
    r.dot.className = 'dot ' + p.status;
    setText(r.cells[4], String(p.messages));
    setText(r.cells[5], String(p.reductions));
    setText(r.cells[6], bytes(p.memory));
    setClass(r.tr, 'selected', p.pid === S.selected);
    return r.tr;
  }
  function drawTable() {
    var f = S.filter.trim().toLowerCase();
    var list = [];
    S.procs.forEach(function (p) { if (matches(p, f)) list.push(p); });
    var key = S.sort, sign = S.desc ? -1 : 1;
    list.sort(function (a, b) {
      var c;
      if (key === 'pid') c = pidCmp(a.pid, b.pid);
      else if (NUMERIC[key]) c = a[key] - b[key];
      else c = String(key === 'label' ? labelOf(a) : (a[key] || '')).localeCompare(String(key === 'label' ? labelOf(b) : (b[key] || '')));
      return sign * c || pidCmp(a.pid, b.pid);
    });
    var shown = list.slice(0, ROW_LIMIT);
    syncChildren(tbody, shown.map(rowFor));
    rows.forEach(function (r, pid) { if (!S.procs.has(pid)) rows.delete(pid); });
    var foot = list.length + ' of ' + S.procs.size + ' processes';
    if (list.length > shown.length) foot += ' (the first ' + shown.length + ' shown; filter to narrow)';
    setText($('table-foot'), foot);
    document.querySelectorAll('#procs th').forEach(function (th) {
      setClass(th, 'sorted', th.dataset.sort === S.sort);
      setClass(th, 'desc', th.dataset.sort === S.sort && S.desc);
    });
  }
  document.querySelector('#procs thead').addEventListener('click', function (e) {
    var th = e.target.closest('th');
    if (!th) return;
    if (S.sort === th.dataset.sort) S.desc = !S.desc;
    else { S.sort = th.dataset.sort; S.desc = !!NUMERIC[S.sort]; }
    invalidate('table');
  });
  tbody.addEventListener('click', function (e) {
    var tr = e.target.closest('tr');
    if (tr && tr.dataset.pid) select(tr.dataset.pid);
  });
  $('filter').addEventListener('input', function (e) { S.filter = e.target.value; invalidate('table'); });

  // ---------------------------------------------------------------- details of one process
  var detailsEl = $('details');
  var detailsJson = '';
  var detailsSeq = 0;

  function select(pid) {
    S.selected = pid;
    detailsJson = '';
    loadDetails();
    invalidate('tree', 'table', 'seq');
  }
  function loadDetails() {
    var pid = S.selected;
    if (!pid) return;
    var ask = ++detailsSeq;
    fetch(api('/api/process?pid=' + encodeURIComponent(pid))).then(function (r) {
      return r.status === 404 ? null : r.ok ? r.json() : Promise.reject(new Error('HTTP ' + r.status));
    }).then(function (d) {
      if (ask !== detailsSeq || pid !== S.selected) return;
      var json = JSON.stringify(d);
      if (json === detailsJson) return;
      detailsJson = json;
      drawDetails(pid, d);
    }).catch(function () { /* the connection indicator says what is wrong */ });
  }
  setInterval(function () { if (S.selected && !document.hidden) loadDetails(); }, 1000);

  function pidLink(pid) {
    return h('a', { class: 'pidlink', href: '#', 'data-pid': pid, text: pidText(pid) });
  }
  function refList(refs) {
    if (!refs.length) return h('ul', { class: 'd-list' }, [h('li', { class: 'none', text: 'none' })]);
    return h('ul', { class: 'd-list' }, refs.map(function (r) { return h('li', null, [pidLink(r.pid), h('span', { class: 'what', text: r.what })]); }));
  }
  function drawDetails(pid, d) {
    if (!d) {
      var next = S.replacedBy.get(pid);
      var note = h('div', { class: 'gone-note' }, [h('b', { text: pidText(pid) }), ' is not alive any more.']);
      if (next) note.append(' Its supervisor restarted it as ', pidLink(next), '.');
      detailsEl.replaceChildren(note);
      return;
    }
    var fields = [
      ['Status', d.status], ['Initial call', d.what], ['Registered name', d.name || '-'],
      ['Reductions', String(d.reductions)], ['Memory', bytes(d.memory)],
      ['Mailbox', d.messages + (d.messages === 1 ? ' message' : ' messages')], ['Trap exit', String(d.trapExit)]
    ];
    if (d.strategy) fields.push(['Strategy', d.strategy]);
    var dl = h('dl', { class: 'fields' });
    fields.forEach(function (f) { dl.append(h('dt', { text: f[0] }), h('dd', { text: f[1] })); });
    if (d.parent) dl.append(h('dt', { text: 'Parent' }), h('dd', null, [pidLink(d.parent.pid), h('span', { class: 'what', text: ' ' + d.parent.what })]));
    var parts = [
      h('div', { class: 'd-head' }, [
        h('span', { class: 'title', text: d.title }), h('span', { class: 'pid', text: pidText(d.pid) }),
        d.behaviour ? h('span', { class: 'tag strategy', text: d.behaviour }) : null,
        h('button', { class: 'btn danger', id: 'kill', type: 'button', 'data-pid': d.pid, text: 'Kill', title: "Process.exit(pid, 'kill')" })
      ]),
      dl
    ];
    if (d.state !== undefined) parts.push(h('div', { class: 'd-sec', text: 'State' }), h('pre', { class: 'value', text: d.state }));
    parts.push(h('div', { class: 'd-sec', text: 'Links (' + d.links.length + ')' }), refList(d.links));
    var mons = d.monitors.map(function (m) {
      var target = /^\d+\.\d+\.\d+$/.test(m.target) ? pidLink(m.target) : h('span', { text: m.target });
      return h('li', null, ['monitors ', target, h('span', { class: 'what', text: m.what + (m.waitingForReply ? ' (waiting for a reply)' : '') })]);
    }).concat(d.monitoredBy.map(function (r) { return h('li', null, ['monitored by ', pidLink(r.pid), h('span', { class: 'what', text: r.what })]); }));
    parts.push(h('div', { class: 'd-sec', text: 'Monitors' }), mons.length ? h('ul', { class: 'd-list' }, mons) : refList([]));
    if (d.mailbox.length) {
      parts.push(h('div', { class: 'd-sec', text: 'Mailbox (' + (d.messages > d.mailbox.length ? 'first ' + d.mailbox.length + ' of ' + d.messages : d.messages) + ')' }));
      parts.push(h('pre', { class: 'value', text: d.mailbox.join('\n') }));
    }
    if (d.ancestors.length) parts.push(h('div', { class: 'd-sec', text: 'Ancestors' }), refList(d.ancestors));
    var scroll = detailsEl.scrollTop;
    detailsEl.replaceChildren.apply(detailsEl, parts.filter(Boolean));
    detailsEl.scrollTop = scroll;
  }
  detailsEl.addEventListener('click', function (e) {
    var a = e.target.closest('a.pidlink');
    if (a) { e.preventDefault(); select(a.dataset.pid); return; }
    var kill = e.target.closest('#kill');
    if (kill) killPid(kill.dataset.pid);
  });

  function killPid(pid) {
    if (!pid) return;
    fetch(api('/api/kill'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pid: pid }) })
      .then(function (r) { return r.json().then(function (b) { return [r.ok, b]; }); })
      .then(function (res) { toast(res[0] ? 'Killed ' + pidText(pid) + ': watch its supervisor act' : res[1].error); })
      .catch(function () { toast('Could not reach the observer'); });
  }

  // ---------------------------------------------------------------- sequence diagram
  var seqEl = $('seq');
  var SEQ_EVERY_MS = 250; // the diagram is read, not watched: four redraws a second at most
  var seqWidth = seqEl.clientWidth;
  var seqLastDraw = 0;
  var seqTimer = 0;
  // Reading clientWidth while drawing would force a layout on every redraw.
  new ResizeObserver(function (entries) { seqWidth = entries[0].contentRect.width; invalidate('seq'); }).observe(seqEl);

  var lastTitles = new Map(); // pid -> title, for processes gone since
  function titleOf(pid) {
    var p = S.procs.get(pid);
    if (!p) return lastTitles.has(pid) ? lastTitles.get(pid) + ' \u2020' : 'exited';
    return p.name || p.label || p.behaviour || '';
  }
  function drawSeq() {
    if (S.seqPaused) return;
    var wait = seqLastDraw + SEQ_EVERY_MS - performance.now();
    if (wait > 0) {
      if (!seqTimer) seqTimer = setTimeout(function () { seqTimer = 0; invalidate('seq'); }, wait);
      return;
    }
    seqLastDraw = performance.now();
    var sel = S.selected;
    var list = S.seqOnly && sel ? S.messages.filter(function (m) { return m.from === sel || m.to === sel; }) : S.messages;
    list = list.slice(-SEQ_ROWS);
    if (!list.length) {
      seqEl.replaceChildren(h('p', { class: 'empty', text: S.seqOnly && sel ? 'No recent message to or from ' + pidText(sel) + '.' : 'No messages yet. Messages sent, calls, casts, spawns, exits and DOWNs appear here as they happen.' }));
      return;
    }
    var order = [], count = new Map();
    list.forEach(function (m) {
      [m.from || 'outside', m.to].forEach(function (p) {
        if (!count.has(p)) { count.set(p, 0); order.push(p); }
        count.set(p, count.get(p) + 1);
      });
    });
    // As many columns as fit the panel; the busiest processes (and the selected one) get
    // their own, in order of first appearance; the rest share one.
    var room = Math.max(3, Math.floor((seqWidth - 40) / 118));
    var cols = order;
    var others = false;
    if (order.length > room) {
      var keep = new Set(order.slice().sort(function (a, b) { return count.get(b) - count.get(a); }).slice(0, room - 1));
      if (sel && count.has(sel) && !keep.has(sel)) { keep.delete(Array.from(keep).pop()); keep.add(sel); }
      cols = order.filter(function (p) { return keep.has(p); });
      others = true;
    }
    var colIndex = new Map();
    cols.forEach(function (p, i) { colIndex.set(p, i); });
    var n = cols.length + (others ? 1 : 0);
    var width = Math.max(seqWidth, 118 * n + 40);
    var colW = (width - 40) / n;
    var x = function (p) { var i = colIndex.has(p) ? colIndex.get(p) : n - 1; return 20 + colW * i + colW / 2; };
    var headH = 46, rowH = 24;
    var height = list.length * rowH + 16;
    var headSvg = s('svg', { class: 'seq-head', width: width, height: headH, viewBox: '0 0 ' + width + ' ' + headH });
    var svg = s('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': 'sequence diagram of recent messages' });
    var defs = s('defs', {});
    Object.keys(KINDS).forEach(function (k) {
      var m = s('marker', { id: 'arrow-' + k, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
      m.append(s('path', { d: 'M0,0 L10,5 L0,10 z', fill: KINDS[k] }));
      defs.append(m);
    });
    svg.append(defs);
    var names = cols.concat(others ? ['others'] : []);
    names.forEach(function (p, i) {
      var cx = 20 + colW * i + colW / 2;
      var bw = Math.min(colW - 12, 150);
      svg.append(s('line', { class: 'seq-life', x1: cx, y1: 0, x2: cx, y2: height }));
      headSvg.append(s('line', { class: 'seq-life', x1: cx, y1: 40, x2: cx, y2: headH }));
      headSvg.append(s('rect', { x: cx - bw / 2, y: 6, width: bw, height: 34, rx: 6, class: p === sel ? 'selected' : null }));
      var label = p === 'others' ? 'others' : p === 'outside' ? 'outside' : titleOf(p);
      var maxChars = Math.max(4, Math.floor(bw / 7));
      if (label.length > maxChars) label = label.slice(0, maxChars - 1) + '\u2026';
      headSvg.append(s('text', { x: cx, y: 20, 'text-anchor': 'middle' }, label));
      var sub = p === 'others' ? (order.length - cols.length) + ' processes' : p === 'outside' ? 'no process' : pidText(p);
      headSvg.append(s('text', { class: 'sub', x: cx, y: 34, 'text-anchor': 'middle' }, sub));
    });
    list.forEach(function (m, i) {
      var y = i * rowH + 14;
      var g = s('g', { class: 'seq-row' });
      var color = KINDS[m.kind] || '#475569';
      var x1 = x(m.from || 'outside'), x2 = x(m.to);
      var tip = m.kind + ' ' + (m.from ? pidText(m.from) : 'outside') + ' \u2192 ' + pidText(m.to) + ': ' + m.text;
      g.append(s('title', {}, tip));
      if (Math.abs(x1 - x2) < 1) {
        // A message to itself (or between two processes of the shared column): a loop,
        // its label on the side with room.
        var left = x1 > width - colW;
        var dir = left ? -1 : 1;
        g.append(s('path', { d: 'M' + x1 + ',' + (y - 6) + ' h' + 22 * dir + ' v10 h' + -20 * dir, fill: 'none', stroke: color, 'stroke-width': 1.5, 'marker-end': 'url(#arrow-' + m.kind + ')' }));
        var loopText = m.kind + ' ' + m.text;
        var loopChars = Math.max(6, Math.floor((colW - 34) / 6.6));
        if (loopText.length > loopChars) loopText = loopText.slice(0, loopChars - 1) + '\u2026';
        g.append(s('text', { x: x1 + 28 * dir, y: y + 2, fill: color, 'text-anchor': left ? 'end' : 'start' }, loopText));
      } else {
        g.append(s('line', { x1: x1, y1: y, x2: x2, y2: y, stroke: color, 'stroke-width': 1.5, 'stroke-dasharray': m.kind === 'REPLY' ? '5 3' : null, 'marker-end': 'url(#arrow-' + m.kind + ')' }));
        var chars = Math.max(6, Math.floor((Math.abs(x2 - x1) - 16) / 6.6));
        var label = m.text.length + m.kind.length + 1 > chars ? (m.kind + ' ' + m.text).slice(0, chars - 1) + '\u2026' : m.kind + ' ' + m.text;
        var t = s('text', { x: (x1 + x2) / 2, y: y - 4, 'text-anchor': 'middle', fill: color });
        t.append(s('tspan', { class: 'kind' }, label.slice(0, m.kind.length)), s('tspan', {}, label.slice(m.kind.length)));
        g.append(t);
      }
      svg.append(g);
    });
    seqEl.replaceChildren(h('div', { class: 'seq-sticky' }, [headSvg]), svg);
    seqEl.scrollTop = seqEl.scrollHeight;
  }
  (function legend() {
    var el = $('seq-legend');
    Object.keys(KINDS).forEach(function (k) {
      if (k === 'SYS') return;
      var i = h('i');
      i.style.background = KINDS[k];
      el.append(h('span', { class: 'swatch' }, [i, k]));
    });
  })();
  $('seq-pause').addEventListener('click', function (e) {
    S.seqPaused = !S.seqPaused;
    e.target.textContent = S.seqPaused ? 'Resume' : 'Pause';
    if (!S.seqPaused) invalidate('seq');
  });
  $('seq-only').addEventListener('change', function (e) { S.seqOnly = e.target.checked; invalidate('seq'); });

  // ---------------------------------------------------------------- the feed
  function applyMap(map, d, key) {
    if (!d) return false;
    if (map === S.procs) {
      if (lastTitles.size > 5000) lastTitles.clear();
      for (var g = 0; g < d.del.length; g++) { var gone = map.get(d.del[g]); if (gone) lastTitles.set(gone.pid, titleOf(gone.pid)); }
    }
    for (var i = 0; i < d.del.length; i++) map.delete(d.del[i]);
    for (var j = 0; j < d.set.length; j++) map.set(d.set[j][key], d.set[j]);
    return true;
  }
  function addMessages(list) {
    var added = false;
    for (var i = 0; i < list.length; i++) {
      if (list[i].seq <= S.lastSeq) continue;
      S.messages.push(list[i]);
      S.lastSeq = list[i].seq;
      added = true;
    }
    if (S.messages.length > KEEP_MESSAGES) S.messages.splice(0, S.messages.length - KEEP_MESSAGES);
    return added;
  }
  function applySnapshot(snap) {
    S.procs = new Map(); S.sups = new Map(); S.kids = new Map();
    snap.procs.forEach(function (p) { S.procs.set(p.pid, p); });
    snap.sups.forEach(function (x) { S.sups.set(x.pid, x); });
    snap.kids.forEach(function (k) { S.kids.set(k.key, k); });
    S.messages = []; S.lastSeq = 0;
    addMessages(snap.messages);
    S.stats = snap.stats;
    invalidate('tree', 'table', 'seq', 'stats');
  }
  function applyDelta(d) {
    d.flashes.forEach(function (f) {
      if (f.kind === 'crash') {
        var n = nodeByPid.get(f.pid);
        if (n) play(n.li, 'crashed');
      } else if (f.kind === 'restart' && f.oldPid && f.newPid) {
        S.previous.set(f.newPid, f.oldPid);
        S.replacedBy.set(f.oldPid, f.newPid);
      }
    });
    if (S.previous.size > 5000) { S.previous.clear(); S.replacedBy.clear(); }
    var trees = applyMap(S.sups, d.sups, 'pid') | applyMap(S.kids, d.kids, 'key');
    var table = applyMap(S.procs, d.procs, 'pid');
    if (trees || table) invalidate('tree');
    if (table) invalidate('table');
    if (addMessages(d.messages)) invalidate('seq');
    S.stats = d.stats;
    invalidate('stats');
    if (S.selected && (trees || table)) {
      var p = S.selected;
      if (!S.procs.has(p) && detailsJson !== 'null') loadDetails();
    }
  }

  var source = null;
  function connect() {
    source = new EventSource(api('/api/events'));
    source.addEventListener('snapshot', function (e) { setConn('live', 'live'); applySnapshot(JSON.parse(e.data)); });
    source.addEventListener('delta', function (e) { applyDelta(JSON.parse(e.data)); });
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) {
        setConn('lost', 'disconnected: the observer was stopped or this link is no longer valid');
        source.close();
        setTimeout(connect, 3000);
      } else {
        setConn('lost', 'reconnecting\u2026');
      }
    };
  }
  connect();
})();
`;
