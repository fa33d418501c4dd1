/*
 * Quire's service worker: lets a page that was open before reopen while the server is
 * unreachable. It keeps the app shell (index.html for every navigation, built /assets/*) and
 * GET /api/* responses, always trying the network first for HTML and API so people see fresh
 * data when online. It never caches anything but GET, and never touches /collab or /socket.io
 * (the page text itself is kept in IndexedDB by the page, not here).
 */
const SHELL_CACHE = 'quire-shell-v1';
const API_CACHE = 'quire-api-v1';
const SHELL_KEY = '/index.html';

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().catch(() => undefined).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const keep = [SHELL_CACHE, API_CACHE];
      for (const name of await caches.keys()) if (name.startsWith('quire-') && !keep.includes(name)) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  const data = event.data;
  if (data && data.type === 'cache-api' && Array.isArray(data.paths)) {
    event.waitUntil(Promise.all(data.paths.filter(isApiPath).map((path) => networkFirst(new Request(path, { credentials: 'same-origin' }), API_CACHE).catch(() => undefined))));
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/collab') || url.pathname.startsWith('/socket.io')) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigation(request));
  } else if (isApiPath(url.pathname)) {
    event.respondWith(networkFirst(request, API_CACHE));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
  }
});

function isApiPath(path) {
  return typeof path === 'string' && path.startsWith('/api/') && !path.startsWith('/api/auth/');
}

/** Every navigation gets index.html: fresh from the network, else the cached copy. */
async function navigation(request) {
  try {
    const response = await fetch(request);
    if (response.ok && (response.headers.get('content-type') || '').includes('text/html')) {
      const copy = response.clone();
      const cache = await caches.open(SHELL_CACHE);
      await cache.put(SHELL_KEY, copy.clone());
      await cacheAssetsOf(await copy.text(), cache);
    }
    return response;
  } catch (err) {
    const cached = await caches.match(SHELL_KEY, { cacheName: SHELL_CACHE });
    if (cached) return cached;
    throw err;
  }
}

/** Network first; a 2xx answer is kept, a 401 forgets the old copy, no network falls back to it. */
async function networkFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    // Responses the server marks no-store (audit trail, personal data) never go to disk here, nor
    // downloads (attachments, exports): they can be large, and a downloaded file belongs in the
    // person's downloads, not in a cache on what may be a shared computer. Pictures shown in a page are kept.
    const noStore = /no-store/i.test(response.headers.get('cache-control') || '');
    const download = /^\s*attachment/i.test(response.headers.get('content-disposition') || '');
    if (response.status === 200 && !noStore && !download) await cache.put(request.url, response.clone());
    else if (noStore || download) await cache.delete(request.url);
    else if (response.status === 401 || response.status === 403 || response.status === 404) await cache.delete(request.url);
    return response;
  } catch {
    const cached = await cache.match(request.url, { ignoreVary: true });
    if (cached) return cached;
    return new Response(JSON.stringify({ error: { code: 'offline', message: 'You are offline, and this has not been kept on this device yet.' } }), {
      status: 503,
      headers: { 'content-type': 'application/json' },
    });
  }
}

/** Built assets have hashed names, so a cached copy is always right. */
async function cacheFirst(request) {
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(request.url);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request.url, response.clone());
  return response;
}

async function cacheShell() {
  const response = await fetch('/', { credentials: 'same-origin', cache: 'no-cache' });
  if (!response.ok) return;
  const cache = await caches.open(SHELL_CACHE);
  await cache.put(SHELL_KEY, response.clone());
  await cacheAssetsOf(await response.text(), cache);
}

/** Caches the /assets/* files an index.html refers to. */
async function cacheAssetsOf(html, cache) {
  const paths = new Set();
  for (const match of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) paths.add(match[1]);
  await Promise.all(
    [...paths].map(async (path) => {
      if (await cache.match(path)) return;
      const response = await fetch(path);
      if (response.ok) await cache.put(path, response);
    }),
  );
}
