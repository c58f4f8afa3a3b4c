// The page's display settings, kept in localStorage under one prefix; storage that is disabled or
// full only means the choice lasts for this page.

const PREFIX = 'layerlab.';

export function loadSetting(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(PREFIX + key) ?? null;
  } catch {
    return null;
  }
}

export function saveSetting(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(PREFIX + key, value);
  } catch {
    // private window or quota: keep the choice in memory only
  }
}
