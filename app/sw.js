// Keeps the app on the device so it opens with no network, and holds a new build back
// until the user chooses to reload into it. Case data lives in IndexedDB, never here; API
// calls always go to the network.
const BUILD = '__BUILD__';
const CACHE = `brs-shell-${BUILD}`;
// What any visit needs (the page, its script and styles, the first part of the app, the
// manifest and icons): stored when the worker installs.
const SHELL = __SHELL__;
// The parts of the app loaded the first time a page needs them (the staff's pages, the
// request's steps): stored as they are fetched, and all at once when the app asks after a
// sign-in, so a signed-in device opens every page offline.
const LATER = __LATER__;
const OWN = new Set([...SHELL, ...LATER]);

self.addEventListener('install', (event) => {
  // No skipWaiting: a device running the old build keeps it until the user reloads, so a
  // page is never left with scripts of one build and parts of another.
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(SHELL);
    // A device that ran an earlier build gets every part now, not when first opened, so
    // it goes on working offline right after the switch.
    const earlier = (await caches.keys()).some((k) => k.startsWith('brs-shell-') && k !== CACHE);
    if (earlier) await addMissing(cache, LATER);
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  const kind = event.data && event.data.kind;
  if (kind === 'activate') {
    // The page has written what was typed and asks for the new build.
    self.skipWaiting();
  } else if (kind === 'keep-all') {
    event.waitUntil(caches.open(CACHE).then((c) => addMissing(c, LATER)));
  }
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) return;
  // Every page of the app is the same document; the router inside picks the page.
  const key = event.request.mode === 'navigate' ? '/index.html' : url.pathname;
  // The device's copy first: a weak network must not delay opening the app.
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const hit = await cache.match(key);
      if (hit) return hit;
      const reply = await fetch(event.request);
      // A full device cannot keep the file, but still gets it from the network.
      if (reply.ok && OWN.has(key)) await cache.put(key, reply.clone()).catch(() => {});
      return reply;
    }),
  );
});

/** Stores the files of `paths` that the cache lacks. */
async function addMissing(cache, paths) {
  const have = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
  await cache.addAll(paths.filter((p) => !have.has(p)));
}
