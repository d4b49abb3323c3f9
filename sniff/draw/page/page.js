/* page.js: the class page's renderer (sniff -T html; the data's layout is in page.h and
 * page_rec.c). It draws only what is on screen: the packet list is a scroller whose rows
 * are made for the visible ones; a block of packets is inflated (DecompressionStream)
 * the first time one of its packets is needed. No framework, no network. */
(function () {
  'use strict';
  var ROW = 20;
  var meta = JSON.parse(document.querySelector('script[data-kind="meta"]').textContent);
  var N = meta.packets;
  var blocks = [];
  document.querySelectorAll('script[data-kind="list"]').forEach(function (el) {
    blocks.push({ first: +el.dataset.first, n: +el.dataset.n, f0: +el.dataset.f0, el: el,
                  list: null, det: null, pl: null, pd: null });
  });
  document.querySelectorAll('script[data-kind="detail"]').forEach(function (el) {
    var b = blocks[+el.dataset.i];
    if (b) b.detEl = el;
  });
  var figures = {};
  document.querySelectorAll('script[data-kind="ladder"], script[data-kind="stevens"]').forEach(function (el) {
    figures[el.dataset.kind + ':' + el.dataset.stream] = el;
  });
  var state = { sel: -1, line: -1, stream: -1, tab: 'conns', query: '', rows: [] };

  /* ---- data ---------------------------------------------------------------------- */
  function bytesOf(b64) {
    var s = atob(b64), u = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) u[i] = s.charCodeAt(i);
    return u;
  }
  function inflate(el) {
    var stream = new Blob([bytesOf(el.textContent)]).stream()
      .pipeThrough(new DecompressionStream('deflate'));
    return new Response(stream).text().then(function (t) { return JSON.parse(t); });
  }
  function blockIndex(i) {
    var lo = 0, hi = blocks.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (blocks[mid].first <= i) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  function listOf(b) {
    if (!b.pl) b.pl = inflate(b.el).then(function (v) { b.list = v; return v; });
    return b.pl;
  }
  /* A block's trees: {"p":[{"t":[level, line, off, len, ...], "b":bytes}], "s":[lines]} */
  function detOf(b) {
    if (!b.pd) b.pd = inflate(b.detEl).then(function (v) {
      b.det = v.p.map(function (t) {
        var out = [];
        for (var k = 0; k < t.t.length; k += 4)
          out.push([t.t[k], typeof t.t[k + 1] === 'number' ? v.s[t.t[k + 1]] : t.t[k + 1], t.t[k + 2], t.t[k + 3]]);
        return { t: out, b: t.b };
      });
      return b.det;
    });
    return b.pd;
  }
  function rec(i) {
    var b = blocks[blockIndex(i)];
    return b && b.list ? b.list[i - b.first] : null;
  }
  function recAsync(i) {
    var b = blocks[blockIndex(i)];
    return listOf(b).then(function (l) { return l[i - b.first]; });
  }
  /* The index of frame number f among the shown packets (-1: not shown). */
  function indexOfFrame(f) {
    var lo = 0, hi = blocks.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (blocks[mid].f0 <= f) lo = mid; else hi = mid - 1;
    }
    var b = blocks[lo];
    if (!b) return Promise.resolve(-1);
    return listOf(b).then(function (l) {
      for (var k = 0; k < l.length; k++) if (l[k].j.frame.number === f) return b.first + k;
      return -1;
    });
  }

  /* ---- the frame of the page ------------------------------------------------------ */
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  var app = el('div', { id: 'app' });
  var top = el('header', { id: 'top' });
  top.appendChild(el('h1', null, meta.title));
  top.appendChild(el('span', { class: 'facts' }, N + ' packet' + (N === 1 ? '' : 's') +
                     (meta.problems.length ? ', ' + meta.problems.length + ' with a problem' : '')));
  if (meta.redacted || meta.anonymized)
    top.appendChild(el('span', { class: 'privacy' }, [meta.redacted ? 'payloads redacted' : '',
      meta.anonymized ? 'addresses pseudonymised' : ''].filter(Boolean).join(', ')));
  var search = el('input', { id: 'search', type: 'search', placeholder: 'search (/): text of the list and the annotations' });
  top.appendChild(search);
  var status = el('span', { id: 'status' });
  top.appendChild(status);
  var helpBtn = el('button', { id: 'helpbtn', type: 'button' }, '?');
  top.appendChild(helpBtn);
  var main = el('div', { id: 'main' });
  var left = el('section', { id: 'left' }), right = el('section', { id: 'right' });
  var list = el('div', { id: 'list' });
  var cols = el('div', { class: 'cols' });
  ['No.', 'Time', 'Source', 'Destination', 'Protocol', 'Length', 'Info'].forEach(function (c, k) {
    cols.appendChild(el('span', k === 0 || k === 5 ? { class: 'num' } : null, c));
  });
  var scroller = el('div', { id: 'scroller', tabindex: '0' });
  var spacer = el('div', { id: 'spacer' });
  var rows = el('div', { id: 'rows' });
  spacer.style.height = (N * ROW) + 'px';
  scroller.appendChild(spacer);
  scroller.appendChild(rows);
  list.appendChild(cols);
  list.appendChild(scroller);
  var explain = el('div', { id: 'explain' });
  var tree = el('div', { id: 'tree' });
  var bytes = el('div', { id: 'bytes', class: 'hx' });
  left.appendChild(list);
  left.appendChild(explain);
  left.appendChild(tree);
  left.appendChild(bytes);
  var tabs = el('nav', { id: 'tabs' });
  var panes = {};
  [['conns', 'Connections'], ['ladder', 'Ladder'], ['graph', 'Stevens graph']].forEach(function (t) {
    var b = el('button', { type: 'button', 'data-tab': t[0] }, t[1]);
    b.addEventListener('click', function () { showTab(t[0]); });
    tabs.appendChild(b);
    panes[t[0]] = el('div', { id: t[0], class: 'pane' });
  });
  right.appendChild(tabs);
  Object.keys(panes).forEach(function (k) { right.appendChild(panes[k]); });
  main.appendChild(left);
  main.appendChild(right);
  app.appendChild(top);
  app.appendChild(main);
  var help = el('div', { id: 'help' });
  help.innerHTML = '<b>Keys</b><br><kbd>&darr;</kbd> <kbd>&uarr;</kbd> (<kbd>j</kbd> <kbd>k</kbd>) next, previous packet<br>' +
    '<kbd>PgDn</kbd> <kbd>PgUp</kbd> <kbd>Home</kbd> <kbd>End</kbd><br>' +
    '<kbd>n</kbd> <kbd>p</kbd> next, previous connection<br>' +
    '<kbd>]</kbd> <kbd>[</kbd> next, previous problem (Bad TCP, echo not identical, cut or malformed)<br>' +
    '<kbd>/</kbd> search, <kbd>Enter</kbd> next match, <kbd>Shift</kbd>+<kbd>Enter</kbd> previous, <kbd>Esc</kbd> back<br>' +
    '<kbd>1</kbd> <kbd>2</kbd> <kbd>3</kbd> connections, ladder, Stevens graph<br>' +
    'Click a field to see its bytes, a byte to see its field, an arrow of the ladder to select its packet.<br>' +
    'A link to a packet: this page\'s address followed by <code>#frame=6&amp;tab=ladder</code>.';
  app.appendChild(help);
  document.body.appendChild(app);

  /* ---- the packet list ------------------------------------------------------------ */
  var pool = [];
  function rowEl(k) {
    while (pool.length <= k) {
      var r = el('div', { class: 'row' });
      for (var c = 0; c < 7; c++) r.appendChild(el('span', c === 0 || c === 5 ? { class: 'num' } : null));
      r.addEventListener('mousedown', onRowClick);
      rows.appendChild(r);
      pool.push(r);
    }
    return pool[k];
  }
  function onRowClick(ev) { select(+ev.currentTarget.dataset.i); scroller.focus(); }
  function fill(r, i) {
    var d = rec(i);
    r.dataset.i = i;
    r.style.display = '';
    var cells = r.children;
    if (!d) {
      r.className = 'row c-wait';
      cells[0].textContent = '';
      for (var c = 1; c < 7; c++) cells[c].textContent = c === 6 ? '\u2026' : '';
      r.removeAttribute('data-frame');
      return false;
    }
    r.dataset.frame = d.j.frame.number;
    r.className = 'row c-' + d.k + (i === state.sel ? ' sel' : '') + (state.match === i ? ' match' : '');
    cells[0].textContent = d.j.frame.number;
    cells[1].textContent = d.c[0];
    cells[2].textContent = d.c[1];
    cells[3].textContent = d.c[2];
    cells[4].textContent = d.c[3];
    cells[5].textContent = d.j.frame.len;
    cells[6].textContent = d.c[4];
    return true;
  }
  var drawPending = false;
  function drawList() {
    var first = Math.floor(scroller.scrollTop / ROW);
    var count = Math.ceil(scroller.clientHeight / ROW) + 1;
    if (first + count > N) count = Math.max(0, N - first);
    rows.style.transform = 'translateY(' + (first * ROW) + 'px)';
    var missing = {};
    for (var k = 0; k < count; k++) {
      if (!fill(rowEl(k), first + k)) missing[blockIndex(first + k)] = true;
    }
    for (var j = count; j < pool.length; j++) pool[j].style.display = 'none';
    Object.keys(missing).forEach(function (b) {
      listOf(blocks[+b]).then(scheduleDraw);
    });
  }
  function scheduleDraw() {
    if (drawPending) return;
    drawPending = true;
    requestAnimationFrame(function () { drawPending = false; drawList(); });
  }
  scroller.addEventListener('scroll', scheduleDraw);
  window.addEventListener('resize', scheduleDraw);
  function visibleRows() { return Math.max(1, Math.floor(scroller.clientHeight / ROW)); }
  function reveal(i) {
    var y = i * ROW;
    if (y < scroller.scrollTop) scroller.scrollTop = y;
    else if (y + ROW > scroller.scrollTop + scroller.clientHeight)
      scroller.scrollTop = y + ROW - scroller.clientHeight;
  }

  /* ---- selecting a packet --------------------------------------------------------- */
  var selSeq = 0;
  function select(i) {
    if (!(i >= 0 && i < N)) return Promise.resolve();
    state.sel = i;
    reveal(i);
    scheduleDraw();
    var seq = ++selSeq;
    var b = blocks[blockIndex(i)];
    return Promise.all([listOf(b), detOf(b)]).then(function (v) {
      if (seq !== selSeq) return;
      var d = v[0][i - b.first], t = v[1][i - b.first];
      showExplain(d);
      showTree(t);
      showBytes(t);
      var s = typeof d.j.stream === 'number' ? d.j.stream : -1;
      if (s !== state.stream) { state.stream = s; showFigures(); }
      markArrow(d.j.frame.number);
      markConn();
      document.body.dataset.selected = d.j.frame.number;
    });
  }
  function txt(parent, cls, s) { parent.appendChild(el('div', cls ? { class: cls } : null, s)); }
  function showExplain(d) {
    explain.textContent = '';
    var j = d.j;
    var facts = 'No. ' + j.frame.number;
    if (typeof j.stream === 'number') {
      facts += ', conn #' + j.stream + ' (tcp.stream ' + j.stream + '), ' +
        (j.direction === 'client_to_server' ? 'client \u2192 server' : 'server \u2192 client');
      if (j.tcp_state) facts += '; TCP state after it: client ' + j.tcp_state.client + ', server ' + j.tcp_state.server;
    }
    txt(explain, 'facts', facts);
    (j.annotation || []).forEach(function (a) {
      txt(explain, /MISMATCH|INCOMPLETE|not captured/.test(a) ? 'alert' : '', a);
    });
    if (j.analysis && j.analysis.info) txt(explain, 'alert', 'Wireshark: ' + j.analysis.info.trim());
    var e = j.echo_close || j.echo;
    if (e && e.verdict && e.verdict !== 'none' && e.verdict !== 'request') {
      var ok = e.verdict === 'ok';
      var v = 'echo: ' + e.verdict + (e.rtt_ms !== undefined ? ', RTT ' + e.rtt_ms + ' ms' : '');
      txt(explain, ok ? 'verdict-ok' : 'verdict-bad', v);
    }
  }

  /* ---- the tree and the bytes, linked --------------------------------------------- */
  var lines = [];
  function showTree(t) {
    tree.textContent = '';
    lines = [];
    state.line = -1;
    var stack = [];
    t.t.forEach(function (l, k) {
      var lvl = l[0], off = l[2], len = l[3];
      while (stack.length && stack[stack.length - 1].lvl >= lvl) stack.pop();
      var parent = stack.length ? stack[stack.length - 1] : null;
      var own = off >= 0;
      var eff = own ? [off, len] : parent ? parent.eff : [0, 0];
      var info = { lvl: lvl, eff: eff, own: own && len > 0, k: k, parent: parent, el: null, kids: 0 };
      if (parent) parent.kids++;
      var d = el('div', { class: 'tl' + (own && len === 0 ? ' gen' : '') });
      d.style.paddingLeft = (4 + lvl * 16) + 'px';
      d.dataset.k = k;
      d.dataset.off = eff[0];
      d.dataset.len = eff[1];
      var tg = el('span', { class: 'tg' }, '');
      d.appendChild(tg);
      d.appendChild(document.createTextNode(l[1]));
      info.el = d;
      info.tg = tg;
      lines.push(info);
      stack.push(info);
      tree.appendChild(d);
    });
    lines.forEach(function (info) { if (info.kids) info.tg.textContent = '\u25be'; });
  }
  tree.addEventListener('click', function (ev) {
    var d = ev.target.closest('.tl');
    if (!d) return;
    var k = +d.dataset.k;
    if (ev.target.classList.contains('tg') && lines[k].kids) { toggle(k); return; }
    selectLine(k);
  });
  function toggle(k) {
    var info = lines[k], open = info.tg.textContent === '\u25be';
    info.tg.textContent = open ? '\u25b8' : '\u25be';
    for (var j = k + 1; j < lines.length && lines[j].lvl > info.lvl; j++) {
      if (open) lines[j].el.style.display = 'none';
      else {
        lines[j].el.style.display = '';
        if (lines[j].kids) lines[j].tg.textContent = '\u25be';
      }
    }
  }
  function selectLine(k) {
    if (state.line >= 0 && lines[state.line]) lines[state.line].el.classList.remove('sel');
    state.line = k;
    var info = lines[k];
    for (var p = info.parent; p; p = p.parent)
      if (p.tg.textContent === '\u25b8') toggle(p.k);
    info.el.classList.add('sel');
    info.el.scrollIntoView({ block: 'nearest' });
    highlight(info.eff[0], info.eff[1]);
  }
  var byteEls = [];
  function hex2(v) { return (v < 16 ? '0' : '') + v.toString(16); }
  function showBytes(t) {
    bytes.textContent = '';
    byteEls = [];
    var u = bytesOf(t.b);
    var frag = document.createDocumentFragment();
    for (var o = 0; o < u.length; o += 16) {
      var line = el('div');
      line.appendChild(el('span', { class: 'off' }, ('000' + o.toString(16)).slice(-4) + '  '));
      var asc = [];
      for (var k = 0; k < 16; k++) {
        var i = o + k;
        if (i < u.length) {
          var h = el('b', { 'data-i': i }, hex2(u[i]));
          line.appendChild(h);
          line.appendChild(document.createTextNode(k === 7 ? '  ' : ' '));
          var c = u[i] >= 0x20 && u[i] < 0x7f ? String.fromCharCode(u[i]) : '.';
          var a = el('i', { 'data-i': i }, c);
          asc.push(a);
          byteEls[i] = [h, a];
        } else {
          line.appendChild(document.createTextNode(k === 7 ? '    ' : '   '));
        }
      }
      line.appendChild(document.createTextNode(' '));
      asc.forEach(function (a) { line.appendChild(a); });
      frag.appendChild(line);
    }
    bytes.appendChild(frag);
  }
  var lit = [];
  function highlight(off, len) {
    lit.forEach(function (e) { e.classList.remove('hl'); });
    lit = [];
    for (var i = off; i < off + len && i < byteEls.length; i++) {
      if (!byteEls[i]) continue;
      byteEls[i][0].classList.add('hl');
      byteEls[i][1].classList.add('hl');
      lit.push(byteEls[i][0], byteEls[i][1]);
    }
    if (lit.length) lit[0].scrollIntoView({ block: 'nearest' });
  }
  bytes.addEventListener('click', function (ev) {
    var t = ev.target;
    if (t.dataset.i === undefined) return;
    var i = +t.dataset.i, best = -1;
    /* the narrowest field holding the byte; of equals, the deepest */
    lines.forEach(function (info, k) {
      if (!info.own || i < info.eff[0] || i >= info.eff[0] + info.eff[1]) return;
      if (best < 0 || info.eff[1] < lines[best].eff[1] ||
          (info.eff[1] === lines[best].eff[1] && info.lvl >= lines[best].lvl)) best = k;
    });
    if (best >= 0) selectLine(best);
  });

  /* ---- connections, ladder, graph ------------------------------------------------- */
  var conns = null, connRows = {};
  function showTab(t) {
    state.tab = t;
    tabs.querySelectorAll('button').forEach(function (b) { b.classList.toggle('on', b.dataset.tab === t); });
    Object.keys(panes).forEach(function (k) { panes[k].classList.toggle('on', k === t); });
    if (t === 'conns' && !conns) loadConns();
  }
  function loadConns() {
    conns = [];
    var els = document.querySelectorAll('script[data-kind="conns"]');
    return Promise.all(Array.prototype.map.call(els, inflate)).then(function (parts) {
      parts.forEach(function (p) { conns = conns.concat(p); });
      conns.sort(function (a, b) { return a.stream - b.stream; });
      drawConns();
    });
  }
  function ms(v) { return v === null || v === undefined ? '-' : v.toFixed(3); }
  function drawConns() {
    var pane = panes.conns;
    pane.textContent = '';
    if (!conns.length) { pane.appendChild(el('div', { class: 'note' }, 'No TCP connection in this capture.')); return; }
    var t = el('table', { class: 'conns' }), h = el('tr');
    ['#', 'Client', 'Server', 'Start', 'Duration', 'Pkts >', 'Bytes >', 'Pkts <', 'Bytes <',
     'Requests', 'Echo ok/bad/unchecked', 'RTT ms min/med/max', 'Retr', 'End'].forEach(function (c, k) {
      h.appendChild(el('th', k === 1 || k === 2 || k === 13 ? { class: 'l' } : null, c));
    });
    t.appendChild(h);
    var start0 = conns.reduce(function (m, c) { return Math.min(m, c.start); }, Infinity);
    var shown = 0;
    /* Rows are made a few hundred at a time, as the table is scrolled to its end. */
    function more() {
      var end = Math.min(conns.length, shown + 300);
      for (; shown < end; shown++) t.appendChild(connRow(conns[shown], start0));
      markConn();
    }
    pane.onscroll = function () {
      if (shown < conns.length && pane.scrollTop + pane.clientHeight > pane.scrollHeight - 200) more();
    };
    pane.appendChild(t);
    more();
  }
  function connRow(c, start0) {
    var r = el('tr'), e = c.echo;
    var cells = [c.stream, c.client.addr + ':' + c.client.port, c.server.addr + ':' + c.server.port,
      (c.start - start0).toFixed(6), c.duration.toFixed(6),
      c.packets.client_to_server, c.bytes.client_to_server, c.packets.server_to_client, c.bytes.server_to_client,
      e ? e.requests : '-', e ? e.verified + '/' + e.mismatched + '/' + e.unchecked : '-',
      e && e.rtt_ms ? ms(e.rtt_ms.min) + '/' + ms(e.rtt_ms.median) + '/' + ms(e.rtt_ms.max) : '-',
      c.retransmissions.client_to_server + c.retransmissions.server_to_client, c.end];
    cells.forEach(function (v, k) {
      r.appendChild(el('td', k === 1 || k === 2 || k === 13 ? { class: 'l' } : k === 10 ? { class: 'echo' } : null, String(v)));
    });
    if (e && (e.mismatched || e.unchecked)) r.classList.add('bad');
    r.dataset.stream = c.stream;
    r.addEventListener('click', function () { gotoStream(c.stream); });
    connRows[c.stream] = r;
    return r;
  }
  function markConn() {
    Object.keys(connRows).forEach(function (s) { connRows[s].classList.toggle('cur', +s === state.stream); });
  }
  function gotoStream(s) {
    for (var k = 0; k < meta.first.length; k++)
      if (meta.first[k][0] === s) return select(meta.first[k][1]);
    return Promise.resolve();
  }
  var figSeq = 0;
  function showFigure(kind, pane, what) {
    var e = figures[kind + ':' + state.stream], seq = figSeq;
    pane.textContent = '';
    if (state.stream < 0) {
      pane.appendChild(el('div', { class: 'note' }, 'The selected packet is not a TCP segment: no ' + what + '.'));
      return Promise.resolve();
    }
    if (!e) {
      pane.appendChild(el('div', { class: 'note' }, 'No ' + what + ' of conn #' + state.stream +
        ' on this page (a page draws the first ' + meta.figures_max + ' connections): ' +
        (kind === 'ladder' ? 'sniff -r FILE --ladder --follow ' + state.stream
                           : 'sniff -r FILE --graph stevens --follow ' + state.stream + ' -o FILE.svg')));
      return Promise.resolve();
    }
    return new Response(new Blob([bytesOf(e.textContent)]).stream()
      .pipeThrough(new DecompressionStream('deflate'))).text().then(function (svg) {
      if (seq !== figSeq) return;
      pane.innerHTML = svg;
      if (kind === 'ladder') markArrow(+document.body.dataset.selected);
    });
  }
  function showFigures() {
    figSeq++;
    return Promise.all([showFigure('ladder', panes.ladder, 'ladder'),
                        showFigure('stevens', panes.graph, 'Stevens graph')]);
  }
  function markArrow(f) {
    panes.ladder.querySelectorAll('g.arrow.sel').forEach(function (g) { g.classList.remove('sel'); });
    var g = panes.ladder.querySelector('g.arrow[data-frame="' + f + '"]');
    if (g) {
      g.classList.add('sel');
      if (state.tab === 'ladder') g.scrollIntoView({ block: 'nearest' });
    }
  }
  panes.ladder.addEventListener('click', function (ev) {
    var g = ev.target.closest('g.arrow');
    if (!g) return;
    indexOfFrame(+g.dataset.frame).then(function (i) { if (i >= 0) select(i); });
  });

  /* ---- keys and search ------------------------------------------------------------ */
  function curStream() { var d = rec(state.sel); return d && typeof d.j.stream === 'number' ? d.j.stream : -1; }
  function nextConn(dir) {
    var s = curStream(), best = null;
    meta.first.forEach(function (p) {
      if (dir > 0 ? p[0] > s && (!best || p[0] < best[0]) : p[0] < s && s >= 0 && (!best || p[0] > best[0]))
        best = p;
    });
    if (!best && dir > 0 && s < 0 && meta.first.length) best = meta.first[0];
    if (best) select(best[1]);
  }
  function nextProblem(dir) {
    var P = meta.problems, pick = -1;
    for (var k = 0; k < P.length; k++) {
      if (dir > 0 && P[k] > state.sel) { pick = P[k]; break; }
      if (dir < 0 && P[k] < state.sel) pick = P[k];
    }
    status.textContent = pick < 0 ? 'no ' + (dir > 0 ? 'further' : 'earlier') + ' problem' : '';
    if (pick >= 0) select(pick);
  }
  function find(dir) {
    var q = search.value.toLowerCase();
    if (!q) return;
    status.textContent = 'searching\u2026';
    var start = state.sel < 0 ? (dir > 0 ? -1 : N) : state.sel, k = 0, mySeq = ++selSeq;
    function hay(d) { return (d.c.join(' ') + ' ' + d.j.frame.number + ' ' + (d.j.annotation || []).join(' ')).toLowerCase(); }
    function step() {
      if (k >= N) { status.textContent = 'no match for \u201c' + search.value + '\u201d'; return; }
      var i = ((start + dir * (k + 1)) % N + N) % N;
      var b = blocks[blockIndex(i)];
      listOf(b).then(function (l) {
        if (mySeq !== selSeq) return;
        /* scan the rest of this block synchronously */
        while (k < N) {
          var idx = ((start + dir * (k + 1)) % N + N) % N;
          if (idx < b.first || idx >= b.first + b.n) break;
          k++;
          if (hay(l[idx - b.first]).indexOf(q) >= 0) {
            state.match = idx;
            status.textContent = 'No. ' + l[idx - b.first].j.frame.number;
            select(idx);
            return;
          }
        }
        step();
      });
    }
    step();
  }
  search.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') { ev.preventDefault(); find(ev.shiftKey ? -1 : 1); }
    else if (ev.key === 'Escape') { search.blur(); scroller.focus(); }
  });
  helpBtn.addEventListener('click', function () { help.classList.toggle('on'); });
  document.addEventListener('keydown', function (ev) {
    if (ev.target === search || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var k = ev.key, s = state.sel < 0 ? 0 : state.sel, done = true;
    if (k === 'ArrowDown' || k === 'j') select(Math.min(N - 1, state.sel + 1));
    else if (k === 'ArrowUp' || k === 'k') select(Math.max(0, s - 1));
    else if (k === 'PageDown') select(Math.min(N - 1, s + visibleRows()));
    else if (k === 'PageUp') select(Math.max(0, s - visibleRows()));
    else if (k === 'Home') select(0);
    else if (k === 'End') select(N - 1);
    else if (k === 'n') nextConn(1);
    else if (k === 'p' || k === 'N') nextConn(-1);
    else if (k === ']') nextProblem(1);
    else if (k === '[') nextProblem(-1);
    else if (k === '/') search.focus();
    else if (k === '1') showTab('conns');
    else if (k === '2') showTab('ladder');
    else if (k === '3') showTab('graph');
    else if (k === '?') help.classList.toggle('on');
    else if (k === 'Escape') help.classList.remove('on');
    else done = false;
    if (done) ev.preventDefault();
  });

  /* ---- start ----------------------------------------------------------------------- */
  /* A link may name a packet and a tab: page.html#frame=6&tab=ladder */
  var want = {};
  location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
    var p = kv.split('=');
    if (p.length === 2) want[p[0]] = decodeURIComponent(p[1]);
  });
  showTab(Object.prototype.hasOwnProperty.call(panes, want.tab) ? want.tab : 'conns');
  drawList();
  var first = N === 0 ? Promise.resolve() : want.frame ?
    indexOfFrame(+want.frame).then(function (i) { return select(i >= 0 ? i : 0); }) : select(0);
  window.sniffPage = {
    ready: first.then(function () {
      document.body.dataset.ready = '1';
      return performance.now();
    }),
    count: N
  };
  if (N === 0) explain.textContent = 'No packet passed the filters.';
  scroller.focus();
})();
