// Message catalogues: every word the page shows goes through t(). English is the source; the
// Simplified Chinese catalogue has the same keys (a test fails when one has a key the other lacks).
// The catalogue is assembled from parts: the page (en.ts), lessons, and teaching tools.
// A key missing in the current locale shows the English text, never a blank or the key itself.

import { en as coreEn } from './en';
import type { explorerEn } from './explorer.en';
import { explorerTabEn } from './explorer-tab.en';
import type { lessonsEn } from './lessons.en';
import { teachEn } from './teach.en';
import { current, markDocument, type Locale } from './locale.svelte';

export {
  LANGUAGE_NAMES,
  LOCALES,
  LOCALE_SETTING,
  isLocale,
  localeOfTag,
  pickLocale,
  type Locale,
} from './locale.svelte';

export type MessageKey =
  keyof typeof coreEn | keyof typeof lessonsEn | keyof typeof teachEn | keyof typeof explorerEn;
type Catalogue = Partial<Record<MessageKey, string>>;

// English for the page and its teaching tools; the lessons' English arrives with the lesson panel
// (addEnglish), so the first download carries only what the first screen says.
let en: Catalogue = { ...coreEn, ...teachEn, ...explorerTabEn };

/** Adds a part of the English catalogue that loads with its feature (the lessons). */
export function addEnglish(part: Catalogue): void {
  en = { ...en, ...part };
  catalogues.en = { ...catalogues.en, ...part };
  current.revision += 1;
}
export type Vars = Readonly<Record<string, string | number>>;

// Only English is in the first download; another language's catalogue loads when it is chosen
// (main.ts waits for it before drawing the page, so nobody sees English flash first).
const catalogues: Record<Locale, Catalogue> = { en, 'zh-CN': {} };
const loaded = new Set<Locale>(['en']);
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<Partial<Record<MessageKey, string>>>> = {
  'zh-CN': () => import('./zh-CN.all').then((m) => m.zhCNAll),
};

/** Fetches `locale`'s catalogue if it is not here yet; text redraws when it arrives. */
export async function loadLocale(locale: Locale): Promise<void> {
  if (locale === 'en' || loaded.has(locale)) return;
  const messages = await loaders[locale]();
  catalogues[locale] = { ...messages, ...catalogues[locale] };
  loaded.add(locale);
  current.revision += 1;
}

/**
 * Adds a locale's messages (over the ones it has), or with `replace` makes them its whole catalogue:
 * keys it then lacks show in English. English itself always stays whole.
 */
export function register(
  locale: Locale,
  messages: Partial<Record<MessageKey, string>>,
  opts: { replace?: boolean } = {},
): void {
  if (locale === 'en') {
    catalogues.en = { ...en, ...messages };
    return;
  }
  catalogues[locale] = opts.replace ? { ...messages } : { ...catalogues[locale], ...messages };
}

/** Switches the page's language; resolves once its catalogue is here. */
export function setLocale(locale: Locale): Promise<void> {
  current.locale = locale;
  markDocument(locale);
  return loadLocale(locale);
}

export function locale(): Locale {
  return current.locale;
}

/** The message for `key` in the current locale, `{name}` placeholders filled from `vars`. */
export function t(key: MessageKey, vars: Vars = {}): string {
  void current.revision;
  const text = catalogues[current.locale][key] || en[key] || key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : String(v);
  });
}

/** A container's state (`running`, `exited`…) in the page's language; an unknown one as it is. */
export function statusWord(status: string): string {
  const key = `status.${status}`;
  return Object.hasOwn(en, key) ? t(key as MessageKey) : status;
}

/** Keys of `a` that `b` lacks, sorted: [] when `b` has every key of `a`. */
export function missingKeys(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
): string[] {
  return Object.keys(a)
    .filter((k) => !Object.hasOwn(b, k))
    .sort();
}

/** The `{name}` placeholders of a message, sorted and without repeats. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort();
}
