// Keeps the app shell on the device so the app opens with no network. Case data lives in
// IndexedDB, never here; API calls always go to the network.
const CACHE = 'brs-shell-__BUILD__';
const SHELL = ['/index.html', '/boot.js', '/app.js', '/app_bg.wasm', '/style.css'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) return;
  // Every page of the app is the same shell; the router inside picks the page.
  const key = event.request.mode === 'navigate' ? '/index.html' : url.pathname;
  // Shell first: a weak network must not delay opening the app. A new build ships a new
  // worker (its cache name changes), which replaces this cache.
  event.respondWith(
    caches.open(CACHE)
      .then((cache) => cache.match(key))
      .then((hit) => hit || fetch(event.request)),
  );
});
