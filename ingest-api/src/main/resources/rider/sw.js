// The rider page's service worker: keeps the page itself (not the fixes, which live in IndexedDB,
// nor the API, which must reach the server) available offline, so the page opens at the start line
// without a network.
const CACHE = 'breakaway-rider-v1';
const SHELL = ['./', 'index.html', 'rider.css', 'rider.js', 'manifest.json', 'icon.svg'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin
      || !url.pathname.startsWith(new URL('./', location.href).pathname)) {
    return; // the API and everything else go to the network as they are
  }
  // the network first (a new version of the page), the cached copy when offline
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        return response;
      })
      .catch(() => caches.match(event.request).then((hit) => hit || caches.match('index.html'))));
});
