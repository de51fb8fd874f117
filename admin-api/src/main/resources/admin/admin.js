// The admin page: signs in with the OIDC issuer (authorization code with PKCE, no client secret),
// then calls admin-api with the ID token as a bearer token.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const store = window.sessionStorage;
  const redirectUri = location.origin + location.pathname;
  let config = null;
  let currentRace = null;

  function status(message, error) {
    $('status').textContent = message || '';
    $('status').classList.toggle('error', Boolean(error));
  }

  function base64url(bytes) {
    let s = '';
    bytes.forEach((b) => { s += String.fromCharCode(b); });
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function randomString() {
    const bytes = new Uint8Array(32);
    crypto.getRandomValues(bytes);
    return base64url(bytes);
  }

  async function signIn() {
    const verifier = randomString();
    const state = randomString();
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
    store.setItem('pkce_verifier', verifier);
    store.setItem('pkce_state', state);
    const params = new URLSearchParams({
      response_type: 'code',
      client_id: config.clientId,
      redirect_uri: redirectUri,
      scope: 'openid profile',
      state,
      code_challenge: base64url(new Uint8Array(digest)),
      code_challenge_method: 'S256',
    });
    location.assign(config.authorizationEndpoint + '?' + params);
  }

  async function finishSignIn(query) {
    const state = store.getItem('pkce_state');
    const verifier = store.getItem('pkce_verifier');
    store.removeItem('pkce_state');
    store.removeItem('pkce_verifier');
    history.replaceState(null, '', location.pathname);
    if (!state || query.get('state') !== state) {
      throw new Error('the sign-in answer does not match the request: sign in again');
    }
    const response = await fetch(config.tokenEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: query.get('code'),
        redirect_uri: redirectUri,
        client_id: config.clientId,
        code_verifier: verifier,
      }),
    });
    if (!response.ok) {
      throw new Error('the issuer refused the sign-in (' + response.status + ')');
    }
    const tokens = await response.json();
    store.setItem('token', tokens.id_token || tokens.access_token);
  }

  async function api(method, path, body, contentType) {
    const headers = { Authorization: 'Bearer ' + store.getItem('token') };
    if (body !== undefined && contentType === undefined) {
      headers['Content-Type'] = 'application/json';
    } else if (contentType) {
      headers['Content-Type'] = contentType;
    }
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : (contentType ? body : JSON.stringify(body)),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (response.status === 401) {
      store.removeItem('token');
      showSignedOut();
      throw new Error('signed out: sign in again');
    }
    if (!response.ok) {
      throw new Error((json && json.message) || ('HTTP ' + response.status));
    }
    return json;
  }

  function showSignedOut() {
    $('signed-in').hidden = true;
    $('sign-in').hidden = false;
    $('sign-out').hidden = true;
    $('who').textContent = '';
  }

  function cell(row, text) {
    const td = document.createElement('td');
    td.textContent = text === undefined || text === null ? '' : String(text);
    row.appendChild(td);
    return td;
  }

  async function loadRaces() {
    const races = await api('GET', '/v1/races');
    const body = $('races').querySelector('tbody');
    body.replaceChildren();
    races.forEach((race) => {
      const row = document.createElement('tr');
      cell(row, race.raceId);
      cell(row, race.name);
      cell(row, race.status);
      cell(row, race.courseMeters ? (race.courseMeters / 1000).toFixed(1) + ' km' : '—');
      const open = document.createElement('button');
      open.textContent = 'Open';
      open.addEventListener('click', () => openRace(race.raceId).catch((e) => status(e.message, true)));
      cell(row, '').appendChild(open);
      body.appendChild(row);
    });
  }

  async function openRace(raceId) {
    const race = await api('GET', '/v1/races/' + encodeURIComponent(raceId));
    currentRace = race.raceId;
    $('race').hidden = false;
    $('device').hidden = true;
    $('race-id').textContent = race.raceId;
    $('race-status').textContent = race.status;
    const neutralisations = await api('GET', '/v1/races/' + encodeURIComponent(raceId) + '/neutralisations');
    const open = neutralisations.find((n) => !n.until);
    $('race-neutralised').textContent = open ? 'neutralised since ' + open.from.slice(11, 19) + ' UTC' : '';
    $('course-info').textContent = race.courseMeters
      ? (race.courseMeters / 1000).toFixed(2) + ' km, ' + race.coursePoints + ' points (' + race.courseFormat + ')'
      : 'no course yet';
    const riders = await api('GET', '/v1/races/' + encodeURIComponent(raceId) + '/registrations');
    const body = $('riders').querySelector('tbody');
    body.replaceChildren();
    riders.forEach((r) => {
      const row = document.createElement('tr');
      cell(row, r.bib);
      cell(row, r.riderId);
      cell(row, r.name + (r.abandonedAt ? ' (abandoned)' : ''));
      const issue = document.createElement('button');
      issue.textContent = 'Issue device';
      issue.dataset.rider = r.riderId;
      issue.addEventListener('click', () => issueDevice(r.riderId).catch((e) => status(e.message, true)));
      cell(row, '').appendChild(issue);
      body.appendChild(row);
    });
  }

  async function issueDevice(riderId) {
    const issued = await api('POST', '/v1/races/' + encodeURIComponent(currentRace) + '/devices',
      { riderId, label: 'phone' });
    $('device').hidden = false;
    $('device-rider').textContent = riderId;
    // the SVGs are admin-api's own QR drawings (rectangles only)
    $('qr-rider-page').innerHTML = issued.riderPageQrSvg;
    $('qr-traccar').innerHTML = issued.traccar.qrSvg;
    $('rider-page-link').href = issued.riderPageUrl;
    $('traccar-settings').textContent = issued.traccar.settingsText;
    status('device issued to ' + riderId);
  }

  async function showSignedIn() {
    const me = await api('GET', '/v1/me');
    $('who').textContent = me.name + ' (' + (me.roles.join(', ') || 'no role') + ')';
    $('sign-in').hidden = true;
    $('sign-out').hidden = false;
    $('signed-in').hidden = false;
    await loadRaces();
  }

  function wire() {
    $('sign-in').addEventListener('click', () => signIn().catch((e) => status(e.message, true)));
    $('sign-out').addEventListener('click', () => { store.removeItem('token'); showSignedOut(); });
    $('new-race').addEventListener('submit', (event) => {
      event.preventDefault();
      const f = new FormData(event.target);
      api('POST', '/v1/races', {
        raceId: f.get('raceId'),
        name: f.get('name'),
        format: f.get('format'),
        laps: Number(f.get('laps')),
        startTime: new Date(f.get('startTime') + 'Z').toISOString(),
      }).then((race) => {
        event.target.reset();
        status('race ' + race.raceId + ' created');
        return loadRaces().then(() => openRace(race.raceId));
      })
        .catch((e) => status(e.message, true));
    });
    $('course').addEventListener('submit', (event) => {
      event.preventDefault();
      const file = event.target.elements.file.files[0];
      file.arrayBuffer()
        .then((bytes) => api('PUT', '/v1/races/' + encodeURIComponent(currentRace) + '/course', bytes, 'application/octet-stream'))
        .then(() => { status('course uploaded'); return openRace(currentRace); })
        .then(loadRaces)
        .catch((e) => status(e.message, true));
    });
    $('register').addEventListener('submit', (event) => {
      event.preventDefault();
      const f = new FormData(event.target);
      const riderId = f.get('riderId');
      api('GET', '/v1/riders')
        .then((riders) => riders.some((r) => r.riderId === riderId)
          ? null : api('POST', '/v1/riders', { riderId, name: f.get('name') }))
        .then(() => api('POST', '/v1/races/' + encodeURIComponent(currentRace) + '/registrations',
          { riderId, bib: f.get('bib') }))
        .then(() => { status('rider ' + riderId + ' registered'); return openRace(currentRace); })
        .catch((e) => status(e.message, true));
    });
    ['neutralise', 'restart'].forEach((action) => {
      $(action).addEventListener('click', () => {
        api('POST', '/v1/races/' + encodeURIComponent(currentRace) + '/' + action, {})
          .then(() => { status('race ' + currentRace + (action === 'neutralise' ? ' neutralised' : ' restarted')); return openRace(currentRace); })
          .catch((e) => status(e.message, true));
      });
    });
    document.querySelectorAll('[data-action]').forEach((button) => {
      button.addEventListener('click', () => {
        api('POST', '/v1/races/' + encodeURIComponent(currentRace) + '/' + button.dataset.action)
          .then((race) => { status('race ' + race.raceId + ' is ' + race.status); return openRace(race.raceId); })
          .then(loadRaces)
          .catch((e) => status(e.message, true));
      });
    });
  }

  async function main() {
    wire();
    config = await (await fetch('/v1/page-config')).json();
    const query = new URLSearchParams(location.search);
    if (query.has('code')) {
      await finishSignIn(query);
    } else if (query.has('error')) {
      history.replaceState(null, '', location.pathname);
      throw new Error('sign-in failed: ' + query.get('error'));
    }
    if (store.getItem('token')) {
      await showSignedIn();
    } else {
      showSignedOut();
    }
  }

  main().catch((e) => { status(e.message, true); if (!store.getItem('token')) showSignedOut(); });
})();
