// RadPost viewer page: worklist refresh (rows, mail line), and the study viewer (window/level, scrolling, zoom,
// annotations; images that arrive while it is open are added in place).
(function () {
  'use strict';

  // ---- worklist: refresh rows in place so new studies appear without a reload
  const worklist = document.getElementById('worklist');
  if (worklist) {
    setInterval(() => {
      fetch(worklist.dataset.refresh).then(r => r.ok ? r.text() : null).then(html => {
        if (html === null) return;
        // Replace the rows only when they changed: a row being read or clicked is not swapped for its twin.
        const body = worklist.tBodies[0];
        const fresh = document.createElement('tbody');
        fresh.innerHTML = html;
        if (fresh.innerHTML !== body.innerHTML) body.replaceChildren(...fresh.childNodes);
      }).catch(() => {});
    }, 5000);
  }

  // ---- worklist: the mail line (what is downloading and how far, or the last mail check), refreshed in place
  const pollStatus = document.getElementById('poll-status');
  if (pollStatus) {
    setInterval(() => {
      fetch(pollStatus.dataset.refresh).then(r => r.ok ? r.text() : null).then(html => {
        if (html !== null && html.trim() !== pollStatus.innerHTML.trim()) pollStatus.innerHTML = html;
      }).catch(() => {});
    }, 1500);
  }

  const studyEl = document.getElementById('study');
  if (!studyEl) return;
  const study = JSON.parse(studyEl.dataset.study);
  const SVG = 'http://www.w3.org/2000/svg';
  const img = document.getElementById('image');
  const overlay = document.getElementById('overlay');
  const stage = document.getElementById('stage');
  const wrap = document.getElementById('canvas-wrap');
  const message = document.getElementById('message');
  const saveButton = document.getElementById('save-annotations');
  const state = {
    series: 0, index: 0, frame: 0, wc: null, ww: null, zoom: null, tool: 'wl',
    info: null, shapes: [], drawing: null, loading: false, pending: false, objectUrl: null
  };

  function images() { return study.series.length ? study.series[state.series].images : []; }
  function current() { return images()[state.index]; }

  function setStatus(id, text) { document.getElementById(id).textContent = text; }

  // ---- rendering: fetch the PNG, show it, or show the server's plain sentence when it cannot be displayed
  function render() {
    const image = current();
    if (!image) { showMessage('This study has no images yet.'); return; }
    if (state.loading) { state.pending = true; return; }
    state.loading = true;
    let url = '/image/' + encodeURIComponent(image.sop) + '/render?frame=' + state.frame;
    if (state.wc !== null) url += '&wc=' + Math.round(state.wc) + '&ww=' + Math.max(1, Math.round(state.ww));
    fetch(url).then(response => {
      if (!response.ok) return response.text().then(text => { throw new Error(text); });
      if (state.wc === null && response.headers.get('X-Window-Center')) {
        state.wc = parseFloat(response.headers.get('X-Window-Center'));
        state.ww = parseFloat(response.headers.get('X-Window-Width'));
      }
      return response.blob();
    }).then(blob => {
      const next = URL.createObjectURL(blob);
      img.onload = () => {
        if (state.objectUrl) URL.revokeObjectURL(state.objectUrl);
        state.objectUrl = next;
        message.hidden = true;
        wrap.hidden = false;
        img.dataset.loaded = image.sop + ':' + state.frame;
        layout();
        finish();
      };
      img.src = next;
    }).catch(error => { showMessage(error.message); finish(); });
    updateStatus();
  }

  function finish() {
    state.loading = false;
    if (state.pending) { state.pending = false; render(); }
  }

  function showMessage(text) {
    wrap.hidden = true;
    message.hidden = false;
    message.textContent = text;
    img.dataset.loaded = '';
  }

  function updateStatus() {
    const image = current();
    if (!image) return;
    setStatus('position', 'Image ' + (state.index + 1) + ' / ' + images().length
      + (image.frames > 1 ? ' · Frame ' + (state.frame + 1) + ' / ' + image.frames : ''));
    setStatus('window', state.wc === null ? '' : 'C ' + Math.round(state.wc) + ' / W ' + Math.round(state.ww));
    setStatus('zoom', 'Zoom ' + Math.round(scale() * 100) + '%');
  }

  // ---- geometry: the image is drawn at columns*scale; the SVG uses image pixel coordinates as its viewBox
  function fitScale() {
    if (!state.info) return 1;
    return Math.min((stage.clientWidth - 8) / state.info.columns, (stage.clientHeight - 8) / state.info.rows);
  }
  function scale() { return state.zoom === null ? fitScale() : state.zoom; }

  function layout() {
    if (!state.info) return;
    const w = state.info.columns * scale();
    const h = state.info.rows * scale();
    img.style.width = w + 'px';
    img.style.height = h + 'px';
    overlay.setAttribute('viewBox', '0 0 ' + state.info.columns + ' ' + state.info.rows);
    overlay.style.width = w + 'px';
    overlay.style.height = h + 'px';
    drawShapes();
    updateStatus();
  }

  function toImage(event) {
    const box = img.getBoundingClientRect();
    return { x: (event.clientX - box.left) / scale(), y: (event.clientY - box.top) / scale() };
  }

  // ---- image info: attributes beside the image and saved annotations
  function loadInfo() {
    const image = current();
    if (!image) return Promise.resolve();
    return fetch('/api/image/' + encodeURIComponent(image.sop)).then(r => r.ok ? r.json() : Promise.reject(r)).then(info => {
      state.info = info;
      const list = document.getElementById('attributes');
      list.innerHTML = '';
      info.attributes.forEach(([label, value]) => {
        const dt = document.createElement('dt'); dt.textContent = label;
        const dd = document.createElement('dd'); dd.textContent = value;
        list.append(dt, dd);
      });
      layout();
    }).catch(() => {});
  }

  function show(index, frame) {
    const count = images().length;
    if (!count) return;
    const changed = index !== state.index;
    state.index = Math.max(0, Math.min(count - 1, index));
    const frames = current().frames || 1;
    state.frame = Math.max(0, Math.min(frames - 1, frame || 0));
    if (changed) { state.shapes = []; updateSaveButton(); }
    loadInfo().then(render);
  }

  function selectSeries(i) {
    state.series = i;
    state.index = -1;
    document.querySelectorAll('button.series').forEach(b => b.classList.toggle('active', +b.dataset.series === i));
    show(0, 0);
  }

  // ---- annotations
  function measure(a, b) {
    const sp = state.info && state.info.pixelSpacing;
    if (!sp) return Math.hypot(b.x - a.x, b.y - a.y).toFixed(1) + ' px';
    return Math.hypot((b.x - a.x) * sp[1], (b.y - a.y) * sp[0]).toFixed(1) + ' mm';
  }

  function el(name, attrs, cls) {
    const e = document.createElementNS(SVG, name);
    Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v));
    if (cls) e.setAttribute('class', cls);
    return e;
  }

  function drawShape(s, saved) {
    const cls = 'shape' + (saved ? ' saved' : '');
    const p = s.points;
    const label = (x, y, text) => {
      const t = el('text', { x: x + 4, y: y - 4 }, saved ? 'saved' : '');
      t.textContent = text;
      t.style.fontSize = (13 / scale()) + 'px';
      t.style.strokeWidth = (3 / scale()) + 'px';
      overlay.append(t);
    };
    if (s.kind === 'line' || s.kind === 'arrow') {
      overlay.append(el('line', { x1: p[0].x, y1: p[0].y, x2: p[1].x, y2: p[1].y }, cls));
      if (s.kind === 'arrow') {
        const angle = Math.atan2(p[0].y - p[1].y, p[0].x - p[1].x);
        const len = Math.max(4, Math.min(15, Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y) / 4));
        const a = { x: p[1].x + len * Math.cos(angle + 0.45), y: p[1].y + len * Math.sin(angle + 0.45) };
        const b = { x: p[1].x + len * Math.cos(angle - 0.45), y: p[1].y + len * Math.sin(angle - 0.45) };
        overlay.append(el('polyline', { points: a.x + ',' + a.y + ' ' + p[1].x + ',' + p[1].y + ' ' + b.x + ',' + b.y }, cls));
        if (s.text) label(p[0].x, p[0].y, s.text);
      } else {
        label(p[1].x, p[1].y, (s.text ? s.text + ' ' : '') + measure(p[0], p[1]));
      }
    } else if (s.kind === 'ellipse') {
      overlay.append(el('ellipse', {
        cx: (p[0].x + p[1].x) / 2, cy: (p[0].y + p[1].y) / 2,
        rx: Math.abs(p[1].x - p[0].x) / 2, ry: Math.abs(p[1].y - p[0].y) / 2 }, cls));
      if (s.text) label(Math.max(p[0].x, p[1].x), Math.min(p[0].y, p[1].y), s.text);
    } else if (s.kind === 'text') {
      label(p[0].x - 4, p[0].y + 4, s.text);
    }
  }

  function drawShapes() {
    overlay.innerHTML = '';
    if (state.info) {
      state.info.annotations.forEach(a => (a.shapes || []).forEach(s => drawShape(normal(s), true)));
    }
    state.shapes.forEach(s => drawShape(s, false));
    if (state.drawing) drawShape(state.drawing, false);
  }

  // Saved shapes come back as the server's records (kind in capitals).
  function normal(s) { return { kind: String(s.kind).toLowerCase(), points: s.points, text: s.text }; }

  function updateSaveButton() { saveButton.disabled = state.shapes.length === 0; }

  function save() {
    const image = current();
    if (!image || !state.shapes.length) return;
    saveButton.disabled = true;
    setStatus('annotation-status', 'Saving…');
    fetch('/api/image/' + encodeURIComponent(image.sop) + '/annotations', {
      method: 'POST', headers: { 'Content-Type': 'application/json',
        'X-CSRF-Token': document.querySelector('meta[name="csrf-token"]').content },
      body: JSON.stringify({ shapes: state.shapes })
    }).then(r => r.ok ? r.json() : r.text().then(t => { throw new Error(t); })).then(result => {
      state.shapes = [];
      setStatus('annotation-status', result.message + (result.measurements.length ? ' ' + result.measurements.join(', ') : ''));
      loadInfo();
    }).catch(error => {
      setStatus('annotation-status', 'Not saved: ' + error.message);
      updateSaveButton();
    });
  }

  // ---- mouse: drag for window/level, or draw with the selected tool
  let drag = null;
  stage.addEventListener('mousedown', event => {
    if (event.button !== 0 || !state.info || wrap.hidden) return;
    event.preventDefault();
    stage.focus();
    if (state.tool === 'wl') {
      drag = { x: event.clientX, y: event.clientY, wc: state.wc, ww: state.ww };
    } else if (state.tool === 'text') {
      const text = document.getElementById('annotation-text').value.trim();
      if (!text) { setStatus('annotation-status', 'Type the text first, then click on the image.'); return; }
      state.shapes.push({ kind: 'text', points: [toImage(event)], text: text });
      updateSaveButton();
      drawShapes();
    } else {
      const start = toImage(event);
      state.drawing = { kind: state.tool, points: [start, start], text: document.getElementById('annotation-text').value.trim() };
    }
  });
  window.addEventListener('mousemove', event => {
    if (drag && state.wc !== null) {
      // Right/left widens/narrows the window, down/up raises/lowers the level; faster for wide windows.
      const step = Math.max(1, drag.ww / 256);
      state.ww = Math.max(1, drag.ww + (event.clientX - drag.x) * step);
      state.wc = drag.wc + (event.clientY - drag.y) * step;
      updateStatus();
      render();
    } else if (state.drawing) {
      state.drawing.points[1] = toImage(event);
      drawShapes();
    }
  });
  window.addEventListener('mouseup', () => {
    drag = null;
    if (state.drawing) {
      const p = state.drawing.points;
      if (Math.hypot(p[1].x - p[0].x, p[1].y - p[0].y) > 2) state.shapes.push(state.drawing);
      state.drawing = null;
      updateSaveButton();
      drawShapes();
    }
  });

  // ---- scrolling through a series (wheel and keys) and zoom
  stage.addEventListener('wheel', event => {
    event.preventDefault();
    show(state.index + (event.deltaY > 0 ? 1 : -1), 0);
  }, { passive: false });
  document.addEventListener('keydown', event => {
    if (event.target.matches('input, textarea, select')) return;
    const image = current();
    switch (event.key) {
      case 'ArrowDown': case 'PageDown': show(state.index + 1, 0); break;
      case 'ArrowUp': case 'PageUp': show(state.index - 1, 0); break;
      case 'ArrowRight': if (image && image.frames > 1) { state.frame = Math.min(image.frames - 1, state.frame + 1); render(); } break;
      case 'ArrowLeft': if (image && image.frames > 1) { state.frame = Math.max(0, state.frame - 1); render(); } break;
      case '+': case '=': zoomBy(1.25); break;
      case '-': zoomBy(0.8); break;
      default: return;
    }
    event.preventDefault();
  });
  function zoomBy(f) { state.zoom = Math.max(0.1, Math.min(16, scale() * f)); layout(); }
  document.getElementById('zoom-in').onclick = () => zoomBy(1.25);
  document.getElementById('zoom-out').onclick = () => zoomBy(0.8);
  document.getElementById('zoom-fit').onclick = () => { state.zoom = null; layout(); };
  window.addEventListener('resize', layout);

  document.querySelectorAll('button.preset').forEach(b => b.onclick = () => {
    if (b.dataset.wc) { state.wc = parseFloat(b.dataset.wc); state.ww = parseFloat(b.dataset.ww); } else { state.wc = null; state.ww = null; }
    render();
  });
  document.querySelectorAll('button.tool').forEach(b => b.onclick = () => {
    state.tool = b.dataset.tool;
    document.querySelectorAll('button.tool').forEach(o => o.classList.toggle('active', o === b));
    stage.style.cursor = state.tool === 'wl' ? 'ns-resize' : 'crosshair';
  });
  document.querySelectorAll('button.series').forEach(b => b.onclick = () => selectSeries(+b.dataset.series));

  // ---- a study still arriving: fetch its images every few seconds and add what is new, keeping the place
  // (series and image by UID; window, zoom and unsaved shapes are untouched: the current image stays as it is).
  function seriesButton(s, i) {
    const b = document.createElement('button');
    b.className = 'series' + (i === state.series ? ' active' : '');
    b.dataset.series = i;
    const title = document.createElement('b');
    title.textContent = s.modality + ' ' + s.number;
    const count = document.createElement('small');
    count.textContent = s.images.length + ' image(s)';
    b.append(title, ' ' + s.description, document.createElement('br'), count);
    b.onclick = () => selectSeries(i);
    return b;
  }

  function merge(fresh) {
    const shownSeries = study.series.length ? study.series[state.series].uid : null;
    const shownImage = current() ? current().sop : null;
    study.series = fresh.series;
    study.complete = fresh.complete;
    if (shownSeries !== null) {
      state.series = Math.max(0, study.series.findIndex(s => s.uid === shownSeries));
      const index = images().findIndex(i => i.sop === shownImage);
      if (index >= 0) state.index = index;
    }
    document.getElementById('series-buttons').replaceChildren(...study.series.map(seriesButton));
    const none = document.getElementById('no-series');
    if (none && study.series.length) none.remove();
    setStatus('image-count', 'Images ' + fresh.completeness);
    const arriving = document.getElementById('arriving');
    if (arriving) arriving.hidden = fresh.complete;
    if (shownSeries === null && study.series.length) selectSeries(0); else updateStatus();
  }

  function followArrivals() {
    if (study.complete) { studyEl.dataset.polling = 'stopped'; return; }
    studyEl.dataset.polling = 'on';
    setTimeout(() => {
      fetch('/api/study/' + encodeURIComponent(study.studyUid)).then(r => r.ok ? r.json() : null).then(fresh => {
        if (fresh) merge(fresh);
      }).catch(() => {}).then(followArrivals);
    }, 3000);
  }
  document.getElementById('clear-shapes').onclick = () => { state.shapes = []; updateSaveButton(); drawShapes(); };
  saveButton.onclick = save;
  stage.style.cursor = 'ns-resize';

  if (study.series.length) selectSeries(0); else showMessage('This study has no images yet.');
  followArrivals();
})();
