// Message catalogues: every word the page shows goes through t(). English is the source; the
// Simplified Chinese catalogue follows the same keys. A missing key shows the English text, never a
// blank or the key itself.

import { en, type MessageKey } from './en';

export type { MessageKey };
export type Locale = 'en';
export type Vars = Readonly<Record<string, string | number>>;

const catalogues: Record<Locale, Partial<Record<MessageKey, string>>> = { en };
let current: Locale = 'en';

export function setLocale(locale: Locale): void {
  current = locale;
}

export function locale(): Locale {
  return current;
}

/** The message for `key` in the current locale, `{name}` placeholders filled from `vars`. */
export function t(key: MessageKey, vars: Vars = {}): string {
  const text = catalogues[current][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : String(v);
  });
}
