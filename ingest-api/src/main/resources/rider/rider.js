// The reference rider client: records the phone's positions, keeps them in IndexedDB until the
// server has acknowledged them (so nothing is lost offline, or when the page is closed and opened
// again), and uploads them in batches to POST /v1/races/{race}/fixes with the device token.
//
// Set-up comes from the link's fragment, which browsers never send to a server:
//   /rider/#race=<raceId>&token=<device token>[&every=<upload interval ms>]
'use strict';

const DB_NAME = 'breakaway-rider';
const STORE = 'pending';
const MAX_BATCH = 500;
const settings = loadSettings();
const state = { watchId: null, wakeLock: null, uploading: false, uploaded: 0, refused: 0, waitUntil: 0, stopped: false };

function loadSettings() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get('race') && fragment.get('token')) {
    localStorage.setItem('race', fragment.get('race'));
    localStorage.setItem('token', fragment.get('token'));
    if (fragment.get('every')) localStorage.setItem('every', fragment.get('every'));
    history.replaceState(null, '', location.pathname); // the token leaves the address bar
  }
  return {
    race: localStorage.getItem('race'),
    token: localStorage.getItem('token'),
    everyMs: Number(fragment.get('every') || localStorage.getItem('every') || 5000),
  };
}

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { autoIncrement: true });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

const dbReady = openDb();

async function withStore(mode, work) {
  const db = await dbReady;
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(result.value);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

function addFix(fix) {
  return withStore('readwrite', (store) => { store.add(fix); return {}; });
}

function countPending() {
  return withStore('readonly', (store) => {
    const out = {};
    store.count().onsuccess = (e) => { out.value = e.target.result; };
    return out;
  });
}

/** The oldest fixes, as [{key, fix}], at most MAX_BATCH. */
function oldestPending() {
  return withStore('readonly', (store) => {
    const out = { value: [] };
    store.openCursor().onsuccess = (e) => {
      const cursor = e.target.result;
      if (cursor && out.value.length < MAX_BATCH) {
        out.value.push({ key: cursor.key, fix: cursor.value });
        cursor.continue();
      }
    };
    return out;
  });
}

function removeKeys(keys) {
  return withStore('readwrite', (store) => { keys.forEach((k) => store.delete(k)); return {}; });
}

function show(id, text) {
  document.getElementById(id).textContent = text;
}

async function refresh() {
  show('pending', String(await countPending()));
  show('uploaded', String(state.uploaded));
  show('refused', String(state.refused));
  show('network', navigator.onLine ? 'online' : 'offline');
  show('tracking', state.watchId === null ? 'off' : 'on');
}

function onPosition(position) {
  const c = position.coords;
  const fix = { ts: new Date(position.timestamp).toISOString(), lat: c.latitude, lon: c.longitude };
  if (c.altitude !== null && c.altitude !== undefined) fix.ele = c.altitude;
  if (c.accuracy !== null && c.accuracy !== undefined) fix.accuracyMeters = c.accuracy;
  // Doppler speed and heading, far steadier than positions (null when the phone has none)
  if (Number.isFinite(c.speed) && c.speed >= 0) fix.speedMps = c.speed;
  if (Number.isFinite(c.heading) && c.heading >= 0 && c.heading < 360) fix.bearingDeg = c.heading;
  show('position', `${fix.lat.toFixed(5)}, ${fix.lon.toFixed(5)} at ${fix.ts.slice(11, 19)}`);
  if (document.getElementById('error').textContent.startsWith('Location')) show('error', '');
  addFix(fix).then(refresh);
}

const LOCATION_ERRORS = { 1: 'permission denied', 2: 'position unavailable', 3: 'no fix in time' };

function onPositionError(error) {
  show('error', `Location: ${error.message || LOCATION_ERRORS[error.code] || 'unknown error'}`);
}

// A phone whose screen goes to sleep stops the page's location updates: while tracking, the
// screen is kept on (Screen Wake Lock), and taken again when the page comes back to the front.
async function keepAwake() {
  if (!('wakeLock' in navigator)) {
    show('wake-lock', 'not supported: keep the screen on yourself');
    return;
  }
  if (state.watchId === null || (state.wakeLock && !state.wakeLock.released)) return;
  try {
    state.wakeLock = await navigator.wakeLock.request('screen');
    show('wake-lock', 'yes');
    state.wakeLock.addEventListener('release', () => {
      show('wake-lock', state.watchId === null ? 'no' : 'released: tap the page');
    });
  } catch (refused) {
    show('wake-lock', `refused (${refused.name}): keep the screen on yourself`);
  }
}

function releaseAwake() {
  if (state.wakeLock && !state.wakeLock.released) state.wakeLock.release();
  state.wakeLock = null;
  show('wake-lock', 'no');
}

async function watchBattery() {
  if (!navigator.getBattery) {
    show('battery', 'not shown by this browser');
    return;
  }
  const battery = await navigator.getBattery();
  const render = () => show('battery',
    `${Math.round(battery.level * 100)}%${battery.charging ? ', charging' : ''}`);
  battery.addEventListener('levelchange', render);
  battery.addEventListener('chargingchange', render);
  render();
}

function toggleTracking() {
  if (state.watchId === null) {
    state.watchId = navigator.geolocation.watchPosition(onPosition, onPositionError, {
      enableHighAccuracy: true, maximumAge: 0, timeout: 60000,
    });
    document.getElementById('toggle').textContent = 'Stop tracking';
    keepAwake();
  } else {
    navigator.geolocation.clearWatch(state.watchId);
    state.watchId = null;
    document.getElementById('toggle').textContent = 'Start tracking';
    releaseAwake();
  }
  refresh();
}

async function upload() {
  if (state.uploading || state.stopped || Date.now() < state.waitUntil) return;
  state.uploading = true;
  try {
    const batch = await oldestPending();
    if (batch.length === 0) return;
    let response;
    try {
      response = await fetch(`/v1/races/${encodeURIComponent(settings.race)}/fixes`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${settings.token}` },
        body: JSON.stringify({ fixes: batch.map((b) => b.fix) }),
      });
    } catch (offline) {
      show('last-upload', `no network at ${new Date().toISOString().slice(11, 19)}; will retry`);
      return;
    }
    const body = await response.json().catch(() => ({}));
    const done = [];
    (body.accepted || []).forEach((i) => done.push(batch[i].key));
    (body.rejected || []).forEach((r) => done.push(batch[r.index].key)); // resending cannot help
    state.uploaded += (body.accepted || []).length;
    state.refused += (body.rejected || []).length;
    if (done.length > 0) await removeKeys(done);
    const retryAfter = Number(response.headers.get('Retry-After') || 0);
    if (retryAfter > 0) state.waitUntil = Date.now() + retryAfter * 1000;
    if ([401, 403, 404, 409].includes(response.status)) {
      state.stopped = true; // nothing will change until the rider fixes the set-up
      show('error', `${body.reason || response.status}: ${body.message || ''} (fixes are kept)`);
    } else if (body.rejected && body.rejected.length > 0) {
      show('error', `Refused: ${body.rejected[0].reason} ${body.rejected[0].message}`);
    }
    show('last-upload', `${response.status} at ${new Date().toISOString().slice(11, 19)}`);
  } finally {
    state.uploading = false;
    refresh();
  }
}

function start() {
  if (!settings.race || !settings.token) {
    document.getElementById('setup').hidden = false;
    document.getElementById('save').onclick = () => {
      const race = document.getElementById('race-input').value.trim();
      const token = document.getElementById('token-input').value.trim();
      if (race && token) {
        location.hash = `race=${encodeURIComponent(race)}&token=${encodeURIComponent(token)}`;
        location.reload();
      }
    };
    return;
  }
  document.getElementById('tracker').hidden = false;
  show('race', settings.race);
  document.getElementById('toggle').onclick = toggleTracking;
  document.getElementById('forget').onclick = () => {
    localStorage.clear();
    location.reload();
  };
  window.addEventListener('online', () => { state.waitUntil = 0; upload(); });
  window.addEventListener('offline', refresh);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') keepAwake();
  });
  watchBattery();
  setInterval(upload, settings.everyMs);
  refresh();
}

if ('serviceWorker' in navigator) {
  // installable, and opens without a network; the fixes themselves are in IndexedDB
  navigator.serviceWorker.register('sw.js').catch(() => {});
}

start();
