// The live race page: the course drawn from the race's GeoJSON on a canvas (no tile server
// needed; tiles are drawn underneath when the deployment configures them), riders as dots, the
// standings with time gaps, and the race feed, all from the live WebSocket, reconnecting by
// itself. Open as /live/?race=<raceId>.
'use strict';

const raceId = new URLSearchParams(location.search).get('race');
const canvas = document.getElementById('map');
const ctx = canvas.getContext('2d');
const state = { race: null, riders: [], groups: [], events: new Map(), projection: null, tiles: null, retryMs: 500, version: -1 };

function show(id, text) { document.getElementById(id).textContent = text; }

// Web Mercator, so that optional map tiles line up with the course.
function mercator(lon, lat) {
  const x = (lon + 180) / 360;
  const s = Math.sin((lat * Math.PI) / 180);
  const y = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
  return [x, y];
}

function fit(coordinates) {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [lon, lat] of coordinates) {
    const [x, y] = mercator(lon, lat);
    minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  const pad = 24;
  const scale = Math.min((canvas.width - 2 * pad) / (maxX - minX || 1e-9), (canvas.height - 2 * pad) / (maxY - minY || 1e-9));
  const offX = (canvas.width - (maxX - minX) * scale) / 2;
  const offY = (canvas.height - (maxY - minY) * scale) / 2;
  return {
    scale, minX, minY, offX, offY,
    toPixel(lon, lat) { const [x, y] = mercator(lon, lat); return [offX + (x - minX) * scale, offY + (y - minY) * scale]; },
  };
}

async function loadTiles(tileUrl) {
  const p = state.projection;
  const zoom = Math.max(0, Math.min(18, Math.floor(Math.log2(p.scale / 256))));
  const n = 2 ** zoom;
  const x0 = Math.floor((p.minX - p.offX / p.scale) * n), x1 = Math.floor((p.minX + (canvas.width - p.offX) / p.scale) * n);
  const y0 = Math.floor((p.minY - p.offY / p.scale) * n), y1 = Math.floor((p.minY + (canvas.height - p.offY) / p.scale) * n);
  const tiles = [];
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) {
    const img = new Image();
    img.crossOrigin = 'anonymous';
    img.src = tileUrl.replace('{z}', zoom).replace('{x}', x).replace('{y}', y);
    tiles.push({ img, x, y, zoom });
    img.onload = draw;
  }
  state.tiles = tiles;
}

function draw() {
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (!state.race) return;
  const p = state.projection;
  if (state.tiles) {
    for (const t of state.tiles) {
      if (!t.img.complete || !t.img.naturalWidth) continue;
      const n = 2 ** t.zoom, size = p.scale / n;
      ctx.drawImage(t.img, p.offX + (t.x / n - p.minX) * p.scale, p.offY + (t.y / n - p.minY) * p.scale, size, size);
    }
  }
  ctx.lineWidth = 3; ctx.strokeStyle = '#c0392b'; ctx.beginPath();
  state.race.course.geometry.coordinates.forEach(([lon, lat], i) => {
    const [x, y] = p.toPixel(lon, lat);
    if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
  });
  ctx.stroke();
  ctx.fillStyle = '#1d1d1b'; ctx.font = '12px system-ui';
  for (const cp of state.race.checkpoints) {
    const [x, y] = p.toPixel(cp.position[0], cp.position[1]);
    ctx.fillRect(x - 3, y - 3, 6, 6);
    ctx.fillText(cp.name, x + 6, y - 6);
  }
  for (const r of state.riders) {
    if (r.lat === undefined || r.lon === undefined) continue;
    const [x, y] = p.toPixel(r.lon, r.lat);
    ctx.beginPath(); ctx.arc(x, y, r.position === 1 ? 6 : 4, 0, 2 * Math.PI);
    ctx.fillStyle = r.position === 1 ? '#f1c40f' : r.status === 'FINISHED' ? '#1b8a3a' : '#2c3e50';
    ctx.fill();
  }
}

function gap(seconds) {
  if (seconds === undefined || seconds === null) return '';
  if (seconds < 0.5) return '—';
  const s = Math.round(seconds), m = Math.floor(s / 60);
  return `+${m}:${String(s % 60).padStart(2, '0')}`;
}

function clock(seconds) {
  if (seconds === undefined || seconds === null) return '';
  const s = Math.round(seconds), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}` : `${m}:${String(s % 60).padStart(2, '0')}`;
}

function renderGroups() {
  const list = document.getElementById('groups');
  // once everyone has finished or abandoned, nobody is on the road
  const racing = new Set(state.riders.filter((r) => r.status === 'RACING').map((r) => r.riderId));
  const onTheRoad = state.groups.filter((g) => g.riders.some((id) => racing.has(id)));
  // a group is led by its best placed rider in the standings (ranked at one instant)
  const position = new Map(state.riders.map((r) => [r.riderId, r.position]));
  const first = (g) => g.riders.reduce((a, b) => ((position.get(b) ?? Infinity) < (position.get(a) ?? Infinity) ? b : a));
  const items = onTheRoad.map((g) => {
    const li = document.createElement('li');
    const size = g.riders.length === 1 ? riderName(g.riders[0]) : `${g.riders.length} riders, led by ${riderName(first(g))}`;
    li.textContent = `${g.number === 1 ? 'Head of the race' : gap(g.gapToLeadSeconds)}: ${size}, ${(g.speedMps * 3.6).toFixed(1)} km/h`;
    return li;
  });
  list.replaceChildren(...items);
}

function renderStandings() {
  const body = document.querySelector('#standings tbody');
  const rows = state.riders.map((r) => {
    const tr = document.createElement('tr');
    tr.dataset.rider = r.riderId;
    if (r.status === 'FINISHED') tr.className = 'finished';
    const cells = [r.position, r.bib || '', r.name || r.riderId, r.status === 'FINISHED' && r.position === 1 ? 'winner' : gap(r.gapSeconds),
      (r.speedMps * 3.6).toFixed(1), r.status === 'FINISHED' ? 'finished' : `${(r.distanceToGoMeters / 1000).toFixed(1)} km`,
      r.status === 'RACING' ? clock(r.etaFinishSeconds) : '', r.status === 'RACING' ? '' : r.status.toLowerCase()];
    for (const c of cells) { const td = document.createElement('td'); td.textContent = c; tr.appendChild(td); }
    return tr;
  });
  body.replaceChildren(...rows);
}

const INCIDENTS = {
  CRASH: ['crashed', 'is riding again after a crash'],
  STOPPED: ['has stopped', 'is riding again'],
  OFF_COURSE: ['is off the course', 'is back on the course'],
  SIGNAL_LOST: ['lost signal', 'is sending again'],
};

function riderName(riderId) {
  const rider = state.race?.riders.find((r) => r.riderId === riderId);
  return rider ? `${rider.name} (${rider.bib})` : riderId;
}

function describe(event) {
  const i = event.incident;
  if (i) {
    const words = INCIDENTS[i.type] || [i.type.toLowerCase(), `${i.type.toLowerCase()} over`];
    return `${i.ts.slice(11, 19)} ${riderName(i.riderId)} ${i.cleared ? words[1] : words[0]}`;
  }
  const o = event.overtake;
  if (o) return `${o.ts.slice(11, 19)} ${riderName(o.riderId)} overtook ${riderName(o.overtakenRiderId)}`;
  const p = event.passage;
  if (!p) return `${event.type}`;
  const who = riderName(p.riderId);
  const where = p.finish ? 'finished' : `passed ${state.race?.checkpoints.find((c) => c.id === p.checkpointId)?.name || p.checkpointId}${p.lap > 1 ? `, lap ${p.lap}` : ''}`;
  return `${p.crossingTime.slice(11, 19)} ${who} ${where}`;
}

const FEED_SIZE = 100;

function renderEvents(events) {
  for (const e of events) state.events.set(e.id, e);
  const list = document.getElementById('events');
  const newestFirst = [...state.events.values()].sort((a, b) => b.version - a.version).slice(0, FEED_SIZE);
  state.events = new Map(newestFirst.map((e) => [e.id, e]));
  list.replaceChildren(...newestFirst.map((e) => { const li = document.createElement('li'); li.textContent = describe(e); return li; }));
}

// The events endpoint pages from the oldest: read to the newest, the feed keeps the last ones.
async function loadEvents() {
  let since = -1;
  for (let page = 0; page < 20; page++) {
    const url = `/v1/races/${encodeURIComponent(raceId)}/events?limit=500&since=${since}`;
    const recent = await fetch(url).then((r) => r.json()).catch(() => null);
    if (!recent) return;
    renderEvents(recent.events || []);
    if ((recent.events || []).length < 500) return;
    since = recent.next;
  }
}

function onFrame(frame) {
  if (frame.version < state.version) return;
  state.version = frame.version;
  state.riders = frame.riders || [];
  state.groups = frame.groups || [];
  if (frame.asOf) show('as-of', `as of ${frame.asOf.slice(11, 19)} UTC`);
  show('neutralised', frame.neutralised ? 'Race neutralised: the gaps stand as they were' : '');
  renderStandings();
  renderGroups();
  renderEvents(frame.events || []);
  draw();
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/v1/races/${encodeURIComponent(raceId)}/live`);
  socket.onopen = () => { state.retryMs = 500; show('connection', 'live'); document.getElementById('connection').className = 'status live'; };
  socket.onmessage = (m) => onFrame(JSON.parse(m.data));
  socket.onclose = () => {
    show('connection', 'reconnecting…'); document.getElementById('connection').className = 'status down';
    setTimeout(connect, state.retryMs);
    state.retryMs = Math.min(state.retryMs * 2, 15000);
  };
}

async function start() {
  if (!raceId) { show('error', 'Open this page as /live/?race=<race id>.'); return; }
  try {
    const [race, config] = await Promise.all([
      fetch(`/v1/races/${encodeURIComponent(raceId)}`).then((r) => { if (!r.ok) throw new Error(`race ${raceId}: ${r.status}`); return r.json(); }),
      fetch('/v1/page-config').then((r) => r.json()).catch(() => ({})),
    ]);
    state.race = race;
    show('race-name', race.name);
    document.title = `${race.name} – Breakaway live`;
    state.projection = fit(race.course.geometry.coordinates);
    if (config.tileUrl) loadTiles(config.tileUrl);
    await loadEvents();
    // the standings as they are now, so the page is useful before the socket is up
    const current = await fetch(`/v1/races/${encodeURIComponent(raceId)}/standings`).then((r) => r.json()).catch(() => null);
    if (current && current.standings) {
      onFrame({ version: 0, asOf: current.standings.asOf, riders: current.standings.riders, groups: current.standings.groups, neutralised: current.standings.neutralised, events: [] });
    }
    draw();
  } catch (e) {
    show('error', `${e.message}; retrying`);
    setTimeout(start, 2000);
    return;
  }
  connect();
}

start();
