// Reactive state of the offline support, read by UpdateBanner.svelte and written by offline.ts.

export const offlineState = $state<{ updateReady: boolean; reloading: boolean }>({
  updateReady: false,
  reloading: false,
});
