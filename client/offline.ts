/**
 * Offline support from the page's side: registers the service worker (public/sw.js), asks it to
 * cache the API responses this page already fetched before it took control, and to forget cached
 * API responses on sign-out so the next person on a shared desktop cannot read them.
 */

/** GET /api/* paths fetched before the service worker controlled the page. */
const fetchedBeforeControl = new Set<string>();

/** Remembers an API GET so it can be cached once the service worker is in control. */
export function noteApiGet(path: string): void {
  if (!navigator.serviceWorker?.controller) fetchedBeforeControl.add(path);
}

/** Registers the service worker; once it controls the page, hands it the API paths to cache. */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    /* Offline support is a bonus: the app works without it. */
  });
  const handOver = () => {
    const controller = navigator.serviceWorker.controller;
    if (!controller || fetchedBeforeControl.size === 0) return;
    controller.postMessage({ type: 'cache-api', paths: [...fetchedBeforeControl] });
    fetchedBeforeControl.clear();
  };
  navigator.serviceWorker.addEventListener('controllerchange', handOver);
  void navigator.serviceWorker.ready.then(handOver);
}

/** Deletes every cached API response (on sign-out). */
export async function forgetCachedApi(): Promise<void> {
  fetchedBeforeControl.clear();
  if (!('caches' in window)) return;
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith('quire-api')).map((n) => caches.delete(n)));
}

const LOCAL_PAGE_DB = 'quire-page-';
const LOCAL_KEYS = ['quire-pending-', 'quire-backup-'];

/** How many pages have edits on this device that the server has not confirmed storing. */
export function unsavedLocalPages(): number {
  const pages = new Set<string>();
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i) ?? '';
    const prefix = LOCAL_KEYS.find((p) => key.startsWith(p));
    if (prefix) pages.add(key.slice(prefix.length));
  }
  return pages.size;
}

/**
 * Deletes every page's text kept on this device (IndexedDB copies and unsaved-edit backups), so
 * the next person on a shared desktop cannot read it. Call after the page's connection is closed;
 * a database still held open is deleted when its holder lets go.
 */
export async function forgetLocalPages(): Promise<void> {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i) ?? '';
    if (LOCAL_KEYS.some((p) => key.startsWith(p))) localStorage.removeItem(key);
  }
  if (!('indexedDB' in window) || typeof indexedDB.databases !== 'function') return;
  const names = (await indexedDB.databases()).map((db) => db.name ?? '').filter((name) => name.startsWith(LOCAL_PAGE_DB));
  await Promise.all(
    names.map(
      (name) =>
        new Promise<void>((resolve) => {
          const request = indexedDB.deleteDatabase(name);
          request.onsuccess = request.onerror = request.onblocked = () => resolve();
        }),
    ),
  );
}
