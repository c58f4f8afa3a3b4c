// Offline support: registers the service worker built by scripts/sw-plugin.ts (production builds
// served over http(s) only) and runs the update path. A new deploy installs a new worker that waits;
// the page learns of it and shows UpdateBanner; Reload asks that worker to take over (SKIP_WAITING) and
// the page reloads once when it has. The learner's host and saved sessions live in IndexedDB, never in
// the worker's caches, so an update cannot lose them.
// Nothing here may break the app: every failure is caught and the app simply runs online.

import { offlineState } from './offline-state.svelte';

let waitingWorker: ServiceWorker | null = null;
let askedToReload = false;

function offerUpdate(worker: ServiceWorker): void {
  waitingWorker = worker;
  offlineState.updateReady = true;
}

/** Asks the waiting worker to take over; the page reloads when it has (controllerchange). */
export function applyUpdate(): void {
  if (!waitingWorker) return;
  askedToReload = true;
  offlineState.reloading = true;
  waitingWorker.postMessage({ type: 'SKIP_WAITING' });
}

/** Follows a registration: offers waiting updates, reloads once after the switch the learner asked for. */
export function watchRegistration(
  registration: ServiceWorkerRegistration,
  container: ServiceWorkerContainer,
  reload: () => void = () => location.reload(),
): void {
  // A worker already waiting from an earlier visit (and this page has an older one in control).
  if (registration.waiting && container.controller) offerUpdate(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    if (!worker) return;
    worker.addEventListener('statechange', () => {
      // Installed while another worker controls the page: an update, not the first install.
      if (worker.state === 'installed' && container.controller) offerUpdate(worker);
    });
  });
  container.addEventListener('controllerchange', () => {
    // Only the switch the learner asked for reloads the page, and only once.
    if (!askedToReload) return;
    askedToReload = false;
    reload();
  });
  // Teachers keep the tab open for days: look for a new deploy whenever the page comes back.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') registration.update().catch(() => undefined);
  });
}

async function register(container: ServiceWorkerContainer): Promise<void> {
  const registration = await container.register('./sw.js', { scope: './' });
  watchRegistration(registration, container);
}

/** Starts offline support; safe to call anywhere (a no-op in dev, on file:, or without workers). */
export function startOffline(): void {
  try {
    if (!import.meta.env.PROD) return;
    if (location.protocol !== 'http:' && location.protocol !== 'https:') return;
    if (!('serviceWorker' in navigator)) return;
    const container = navigator.serviceWorker;
    const go = (): void => {
      register(container).catch((error: unknown) => {
        console.warn('Layer Lab: offline support is unavailable:', error);
      });
    };
    // After the page has loaded, so precaching never competes with the first start.
    if (document.readyState === 'complete') go();
    else window.addEventListener('load', go, { once: true });
  } catch (error) {
    console.warn('Layer Lab: offline support is unavailable:', error);
  }
}
