// The page's language as reactive state: t() reads it, so every text on screen follows a switch.
// The first language is chosen before anything is drawn: a `?lang=` link, else the learner's saved
// choice, else the browser's languages, else English.

export type Locale = 'en' | 'zh-CN';
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];
/** Each language named in itself, so a reader finds theirs whatever the page is showing now. */
export const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', 'zh-CN': '简体中文' };

/** The localStorage key the settings panel keeps the choice under (src/ui/viz/settings.ts adds the prefix). */
export const LOCALE_SETTING = 'lang';
const STORAGE_KEY = `layerlab.${LOCALE_SETTING}`;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The locale for one language tag of the browser's list, or null when we have nothing for it.
 * Every Chinese tag maps to Simplified Chinese, Traditional ones (zh-TW, zh-HK, zh-Hant) included:
 * it is the only Chinese we have, and a reader of Traditional characters reads Simplified far more
 * easily than English; the language menu is one click away for anyone who prefers English.
 */
export function localeOfTag(tag: string): Locale | null {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  if (primary === 'zh') return 'zh-CN';
  if (primary === 'en') return 'en';
  return null;
}

/**
 * The first locale: `query` (the page's `?lang=`) wins, then the saved choice, then the first of the
 * browser's languages we have (a French reader who also lists Chinese gets Chinese), then English.
 */
export function pickLocale(opts: {
  query?: string | null;
  saved?: string | null;
  languages?: readonly string[];
}): Locale {
  if (isLocale(opts.query)) return opts.query;
  // A hand-written link may say `?lang=zh` or `?lang=en-GB`: read it like a browser language.
  const fromQuery = opts.query ? localeOfTag(opts.query) : null;
  if (fromQuery) return fromQuery;
  if (isLocale(opts.saved)) return opts.saved;
  for (const tag of opts.languages ?? []) {
    const found = localeOfTag(tag);
    if (found) return found;
  }
  return 'en';
}

function browserLocale(): Locale {
  // Node (tests, the CLI) has no page: English there, whatever the machine's language.
  if (typeof document === 'undefined' || typeof location === 'undefined') return 'en';
  let saved: string | null = null;
  try {
    saved = globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    // storage disabled: no saved choice
  }
  const nav = globalThis.navigator as Navigator | undefined;
  return pickLocale({
    query: new URLSearchParams(location.search).get('lang'),
    saved,
    languages: nav?.languages?.length ? nav.languages : nav?.language ? [nav.language] : [],
  });
}

export const current = $state<{ locale: Locale; revision: number }>({
  locale: browserLocale(),
  // Moves when a catalogue arrives (Chinese loads on demand): t() reads it so text redraws then.
  revision: 0,
});

/** Tells the browser (screen readers, fonts, hyphenation) which language the page is in. */
export function markDocument(locale: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

markDocument(current.locale);
