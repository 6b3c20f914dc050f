// Kizashi console: reads the service's JSON API and draws one series with plain SVG (no framework).
'use strict';

const $ = (id) => document.getElementById(id);
const NS = 'http://www.w3.org/2000/svg';
const state = { job: null, series: null, data: null, timer: null };

async function api(path) {
  const r = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status} ${await r.text()}`);
  return r.json();
}

function el(tag, attrs, parent) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

function text(tag, content, cls) {
  const e = document.createElement(tag);
  e.textContent = content;
  if (cls) e.className = cls;
  return e;
}

function scoreClass(score) {
  return score >= 75 ? 's4' : score >= 50 ? 's3' : score >= 25 ? 's2' : 's1';
}

function fmt(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return 'n/a';
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

function setStatus(msg) { $('status').textContent = msg; }

async function loadJobs() {
  const { jobs } = await api('/api/jobs');
  const sel = $('job');
  sel.innerHTML = '';
  for (const j of jobs) {
    const o = document.createElement('option');
    o.value = j.job_id;
    o.textContent = `${j.job_id} (${j.state})`;
    sel.appendChild(o);
  }
  state.job = state.job || (jobs[0] && jobs[0].job_id);
  if (state.job) sel.value = state.job;
  setStatus(jobs.map((j) => `${j.job_id}: ${j.state}${j.progress && j.progress.total ? ` ${j.progress.done}/${j.progress.total}` : ''}`).join(' · '));
}

async function loadSeries() {
  if (!state.job) return;
  const q = encodeURIComponent($('search').value.trim());
  const { series } = await api(`/api/series?job=${encodeURIComponent(state.job)}&q=${q}&limit=200`);
  const ul = $('series');
  ul.innerHTML = '';
  for (const s of series) {
    const li = document.createElement('li');
    li.dataset.seriesId = s.series_id;
    li.appendChild(text('span', `${s.metric} · ${Object.values(s.splits).join(', ') || s.job_id}`));
    li.appendChild(text('span', s.last_score !== undefined ? fmt(s.last_score) : '', `badge ${s.last_score >= 75 ? 'critical' : s.last_score >= 50 ? 'major' : s.last_score >= 25 ? 'minor' : 'warning'}`));
    if (state.series && state.series.series_id === s.series_id) li.classList.add('selected');
    li.addEventListener('click', () => selectSeries(s));
    ul.appendChild(li);
  }
  if (!state.series && series.length) selectSeries(series[0]);
}

async function loadAlerts() {
  const ul = $('alerts');
  try {
    const { alerts } = await api('/api/alerts');
    ul.innerHTML = '';
    for (const a of alerts) {
      const li = document.createElement('li');
      li.appendChild(text('span', `${a.rule} · ${a.summary || ''}`));
      li.appendChild(text('span', a.state, `badge ${a.severity || 'warning'}`));
      ul.appendChild(li);
    }
    if (!alerts.length) ul.appendChild(text('li', 'none', 'muted'));
  } catch (e) {
    ul.innerHTML = '';
    ul.appendChild(text('li', 'alerting unavailable', 'muted'));
  }
}

function selectSeries(s) {
  state.series = s;
  for (const li of $('series').children) li.classList.toggle('selected', li.dataset.seriesId === s.series_id);
  $('title').textContent = `${s.metric} · ${Object.entries(s.splits).map(([k, v]) => `${k}=${v}`).join(' ') || s.job_id}`;
  $('detail').hidden = true;
  loadResults();
}

async function loadResults() {
  if (!state.series) return;
  const to = Date.now();
  const data = await api(`/api/results?job=${encodeURIComponent(state.job)}&series_id=${encodeURIComponent(state.series.series_id)}`
    + `&range=${$('range').value}&forecast=1`);
  state.data = data;
  draw(data);
  drawAnnotations(data.annotations || []);
}

function scales(points, forecast, w, h, pad) {
  const all = points.concat(forecast || []);
  const ts = all.map((p) => Date.parse(p.t));
  const vals = [];
  for (const p of all) for (const k of ['actual', 'expected', 'lower', 'upper']) if (typeof p[k] === 'number') vals.push(p[k]);
  let lo = Math.min(...vals), hi = Math.max(...vals);
  if (!isFinite(lo) || !isFinite(hi)) { lo = 0; hi = 1; }
  if (hi === lo) { hi += 1; lo -= 1; }
  const t0 = Math.min(...ts), t1 = Math.max(...ts, t0 + 1);
  return {
    x: (t) => pad + (Date.parse(t) - t0) / (t1 - t0) * (w - 2 * pad),
    y: (v) => h - pad - (v - lo) / (hi - lo) * (h - 2 * pad),
    lo, hi, t0, t1,
  };
}

function path(points, x, y, key) {
  let d = '', pen = false;
  for (const p of points) {
    const v = p[key];
    if (typeof v !== 'number') { pen = false; continue; }
    d += `${pen ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  }
  return d;
}

function area(points, x, y, loKey, hiKey) {
  const ok = points.filter((p) => typeof p[loKey] === 'number' && typeof p[hiKey] === 'number');
  if (!ok.length) return '';
  const top = ok.map((p) => `${x(p.t).toFixed(1)},${y(p[hiKey]).toFixed(1)}`);
  const bottom = ok.slice().reverse().map((p) => `${x(p.t).toFixed(1)},${y(p[loKey]).toFixed(1)}`);
  return `M${top.join('L')}L${bottom.join('L')}Z`;
}

function draw(data) {
  const svg = $('chart');
  svg.innerHTML = '';
  svg.dataset.series = data.series ? data.series.series_id : '';
  const points = data.points || [];
  const forecast = data.forecast || [];
  if (!points.length) {
    el('text', { x: 20, y: 30, class: 'axis' }, svg).textContent = 'no results in this range yet';
    $('precursor').innerHTML = '';
    return;
  }
  const W = 1000, H = 320, P = 24;
  const s = scales(points, forecast, W, H, P);
  el('path', { d: area(points, s.x, s.y, 'lower', 'upper'), class: 'band' }, svg);
  if (forecast.length) {
    el('path', { d: area(forecast, s.x, s.y, 'lower', 'upper'), class: 'forecast-band' }, svg);
    el('path', { d: path(forecast, s.x, s.y, 'expected'), class: 'forecast', 'data-role': 'forecast' }, svg);
  }
  el('path', { d: path(points, s.x, s.y, 'expected'), class: 'expected', 'data-role': 'expected' }, svg);
  el('path', { d: path(points, s.x, s.y, 'actual'), class: 'actual', 'data-role': 'actual' }, svg);
  for (const c of data.changepoints || []) {
    const x = s.x(c.t);
    el('line', { x1: x, x2: x, y1: P, y2: H - P, class: 'cp', 'data-role': 'changepoint' }, svg);
  }
  for (const p of points) {
    if (!p.anomalous || typeof p.actual !== 'number') continue;
    const dot = el('circle', { cx: s.x(p.t), cy: s.y(p.actual), r: 5, class: `anomaly ${scoreClass(p.score)}`,
      'data-role': 'anomaly', 'data-t': p.t }, svg);
    el('title', {}, dot).textContent = `${p.t}: ${fmt(p.actual)} (expected ${fmt(p.expected)}), score ${fmt(p.score)}`;
    dot.addEventListener('click', () => showDetail(p));
  }
  el('text', { x: P, y: 14, class: 'axis' }, svg).textContent = fmt(s.hi);
  el('text', { x: P, y: H - 6, class: 'axis' }, svg).textContent = `${fmt(s.lo)} · ${new Date(s.t0).toISOString().slice(0, 16)}Z → ${new Date(s.t1).toISOString().slice(0, 16)}Z`;
  drawPrecursor(points, s);
}

function drawPrecursor(points, s) {
  const svg = $('precursor');
  svg.innerHTML = '';
  const H = 90, P = 6;
  const y = (v) => H - P - v * (H - 2 * P);
  const ok = points.filter((p) => typeof p.precursor === 'number');
  if (!ok.length) {
    el('text', { x: 20, y: 50, class: 'axis' }, svg).textContent = 'no precursor model for this series';
    return;
  }
  const d = `M${s.x(ok[0].t).toFixed(1)},${y(0)}` + ok.map((p) => `L${s.x(p.t).toFixed(1)},${y(p.precursor).toFixed(1)}`).join('')
    + `L${s.x(ok[ok.length - 1].t).toFixed(1)},${y(0)}Z`;
  el('path', { d, class: 'precursor', 'data-role': 'precursor' }, svg);
}

function annotationAt(t) {
  const at = Date.parse(t);
  return (state.data.annotations || []).find((a) => Date.parse(a.start) <= at && at < Date.parse(a.end || a.start) + 1);
}

function showDetail(p) {
  const box = $('detail');
  box.innerHTML = '';
  box.hidden = false;
  box.appendChild(text('strong', `${p.t}: ${fmt(p.actual)} (expected ${fmt(p.expected)}, band ${fmt(p.lower)}–${fmt(p.upper)}), score ${fmt(p.score)}`));
  const a = annotationAt(p.t);
  if (a) {
    box.appendChild(text('p', a.message));
    const ids = document.createElement('p');
    ids.className = 'request-ids';
    ids.appendChild(text('span', 'Sample requests: '));
    for (const id of a.request_ids || []) ids.appendChild(text('code', id));
    if (!(a.request_ids || []).length) ids.appendChild(text('span', 'none sampled', 'muted'));
    box.appendChild(ids);
    if (a.discover_url) {
      const link = document.createElement('a');
      link.href = a.discover_url;
      link.textContent = 'Open the logs in Kibana Discover';
      link.target = '_blank';
      box.appendChild(link);
    }
  }
}

function drawAnnotations(list) {
  const body = $('annotations').querySelector('tbody');
  body.innerHTML = '';
  for (const a of list) {
    const tr = document.createElement('tr');
    tr.appendChild(text('td', a.start.replace('T', ' ').slice(0, 16)));
    tr.appendChild(text('td', a.end ? a.end.replace('T', ' ').slice(0, 16) : ''));
    tr.appendChild(text('td', a.kind));
    const sev = document.createElement('td');
    sev.appendChild(text('span', a.severity, `badge ${a.severity}`));
    tr.appendChild(sev);
    tr.appendChild(text('td', a.title));
    const ids = document.createElement('td');
    for (const id of a.request_ids || []) ids.appendChild(text('code', id));
    tr.appendChild(ids);
    body.appendChild(tr);
  }
}

async function refresh() {
  try {
    await loadJobs();
    await loadSeries();
    await loadAlerts();
    if (state.series) await loadResults();
  } catch (e) {
    setStatus(e.message);
  }
}

$('job').addEventListener('change', (e) => { state.job = e.target.value; state.series = null; loadSeries().catch((x) => setStatus(x.message)); });
$('search').addEventListener('input', () => loadSeries().catch((x) => setStatus(x.message)));
$('range').addEventListener('change', () => loadResults().catch((x) => setStatus(x.message)));
refresh();
state.timer = setInterval(refresh, 15000);
