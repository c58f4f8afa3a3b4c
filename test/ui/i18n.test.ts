// The two languages stay in step: every key in both, the same placeholders, nothing left blank or
// untranslated, and t() falls back to English for a key a locale lacks.

import { afterEach, describe, expect, it } from 'vitest';
import {
  locale,
  localeOfTag,
  missingKeys,
  pickLocale,
  placeholders,
  register,
  setLocale,
  statusWord,
  t,
  type MessageKey,
} from '../../src/i18n';
import { PARTS } from '../../src/i18n/parts';
import { loadLocale } from '../../src/i18n';
import { beforeAll } from 'vitest';

// Chinese loads on demand in the page; here it is fetched once, before the tests that switch to it.
beforeAll(() => loadLocale('zh-CN'));

type Catalogue = Readonly<Record<string, string>>;
const parts = Object.entries(PARTS) as [string, { en: Catalogue; 'zh-CN': Catalogue }][];

/** Chinese may equal English only for these names and codes... */
const SAME_IN_BOTH = new Set<string>(['app.title', 'browser.refusedCode']);
/** ...or when there is no word to translate: only placeholders, digits and signs, like '{n} / {total}'. */
const nothingToTranslate = (text: string) => !/\p{L}/u.test(text.replace(/\{\w+\}/g, ''));
/** ...or when it is a command line to type (`docker pull nginx`, `uname -r`): commands stay verbatim. */
const COMMAND =
  /^(docker|uname|mv|cp|rm|cat|ls|cd|echo|curl|exit|touch|mkdir|vi|vim|nano|apt-get|apk|\/[\w./-]+)(\s|$)/;
const isCommand = (text: string) => COMMAND.test(text) && !text.includes('\n');

afterEach(() => {
  setLocale('en');
  // Put the real Chinese back after a test that swapped in a partial one.
  const whole = Object.assign({}, ...parts.map(([, p]) => p['zh-CN'])) as Record<MessageKey, string>;
  register('zh-CN', whole, { replace: true });
});

describe('missingKeys', () => {
  it('names the keys one catalogue has and the other lacks, in each direction', () => {
    const english = { 'a.one': 'One', 'a.two': 'Two {n}', 'a.three': 'Three' };
    const chinese = { 'a.one': '一', 'a.three': '三', 'a.four': '四' };
    expect(missingKeys(english, chinese)).toEqual(['a.two']);
    expect(missingKeys(chinese, english)).toEqual(['a.four']);
  });

  it('finds nothing missing when both have the same keys', () => {
    expect(missingKeys({ x: 'X', y: 'Y' }, { y: '乙', x: '甲' })).toEqual([]);
  });

  it('does not count a key inherited from the prototype as present', () => {
    expect(missingKeys({ toString: 'To string' }, {})).toEqual(['toString']);
  });
});

describe('the catalogues', () => {
  it.each(parts)('%s: every English key has Chinese and every Chinese key has English', (_name, part) => {
    expect(missingKeys(part.en, part['zh-CN'])).toEqual([]);
    expect(missingKeys(part['zh-CN'], part.en)).toEqual([]);
  });

  it('no key is in two parts (a later part would silently replace an earlier one)', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const [name, part] of parts)
      for (const key of Object.keys(part.en)) {
        const before = seen.get(key);
        if (before) clashes.push(`${key} in ${before} and ${name}`);
        seen.set(key, name);
      }
    expect(clashes).toEqual([]);
  });

  it.each(parts)('%s: each key has the same {placeholders} in both languages', (_name, part) => {
    const differ = Object.keys(part.en).filter(
      (k) => placeholders(part.en[k] ?? '').join() !== placeholders(part['zh-CN'][k] ?? '').join(),
    );
    expect(differ).toEqual([]);
  });

  it.each(parts)('%s: no Chinese text is empty or left in English', (_name, part) => {
    const empty = Object.keys(part['zh-CN']).filter((k) => (part['zh-CN'][k] ?? '').trim() === '');
    const same = Object.keys(part.en).filter(
      (k) =>
        part['zh-CN'][k] === part.en[k] &&
        !SAME_IN_BOTH.has(k) &&
        !nothingToTranslate(part.en[k] ?? '') &&
        !isCommand(part.en[k] ?? ''),
    );
    expect(empty).toEqual([]);
    expect(same).toEqual([]);
  });

  it('the allow-list names only keys that exist and really are the same', () => {
    for (const key of SAME_IN_BOTH) {
      const part = parts.find(([, p]) => key in p.en)?.[1];
      expect(part, key).toBeDefined();
      expect(part?.['zh-CN'][key]).toBe(part?.en[key]);
    }
  });

  it('lets through only strings with no word in them', () => {
    expect(nothingToTranslate('{n} / {total}')).toBe(true);
    expect(nothingToTranslate('L{n}')).toBe(false);
    expect(nothingToTranslate('Step {n}')).toBe(false);
  });

  it('lets through command lines, not sentences that mention a command', () => {
    expect(isCommand('docker pull nginx')).toBe(true);
    expect(isCommand('uname -r')).toBe(true);
    expect(isCommand('/usr/sbin/nginx -s reload')).toBe(true);
    expect(isCommand('exit')).toBe(true);
    expect(isCommand('Try: docker pull nginx')).toBe(false);
    expect(isCommand('Docker pulls the image')).toBe(false);
  });

  it('placeholders lists each {name} once, sorted', () => {
    expect(placeholders('{b} and {a}, then {b} again; not {} nor { x }')).toEqual(['a', 'b']);
  });
});

describe('t()', () => {
  it('speaks the current locale and fills placeholders', async () => {
    await setLocale('zh-CN');
    expect(locale()).toBe('zh-CN');
    expect(t('stack.layer', { n: 3 })).toBe('第 3 层');
    expect(t('stack.kernel')).toBe('宿主机内核（bootfs 引导文件系统）');
    setLocale('en');
    expect(t('stack.layer', { n: 3 })).toBe('Layer 3');
  });

  it('falls back to English for a key the current locale lacks', async () => {
    register('zh-CN', { 'panel.stack': '层栈（测试）' }, { replace: true });
    await setLocale('zh-CN');
    expect(t('panel.stack')).toBe('层栈（测试）');
    expect(t('panel.terminal')).toBe('Terminal');
    expect(t('stack.layer', { n: 2 })).toBe('Layer 2');
  });

  it('falls back to English for a key left empty, never showing a blank', async () => {
    register('zh-CN', { 'panel.graph': '' });
    await setLocale('zh-CN');
    expect(t('panel.graph')).toBe('Layer graph');
    expect(t('panel.browser')).toBe('浏览器');
  });

  it('names a container state in the page language, an unknown one as it is', async () => {
    expect(statusWord('running')).toBe('running');
    await setLocale('zh-CN');
    expect(statusWord('running')).toBe('运行中');
    expect(statusWord('exited')).toBe('已退出');
    expect(statusWord('frobbed')).toBe('frobbed');
  });
});

describe('the first language', () => {
  it('maps every Chinese tag to Simplified Chinese and English tags to English', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-Hans', 'zh-SG', 'zh-TW', 'zh-HK', 'zh-Hant-TW', 'ZH_cn'])
      expect(localeOfTag(tag), tag).toBe('zh-CN');
    for (const tag of ['en', 'en-US', 'en-GB']) expect(localeOfTag(tag), tag).toBe('en');
    expect(localeOfTag('fr-FR')).toBeNull();
  });

  it('takes ?lang= first, then the saved choice, then the browser languages, then English', () => {
    expect(pickLocale({ query: 'zh-CN', saved: 'en', languages: ['en-US'] })).toBe('zh-CN');
    expect(pickLocale({ query: 'en', saved: 'zh-CN', languages: ['zh-CN'] })).toBe('en');
    expect(pickLocale({ query: 'klingon', saved: 'zh-CN', languages: ['en'] })).toBe('zh-CN');
    expect(pickLocale({ query: 'zh', saved: 'en' })).toBe('zh-CN');
    expect(pickLocale({ query: 'en-GB', saved: 'zh-CN' })).toBe('en');
    expect(pickLocale({ saved: 'xx', languages: ['fr', 'zh-TW', 'en'] })).toBe('zh-CN');
    expect(pickLocale({ languages: ['fr', 'en-GB', 'zh'] })).toBe('en');
    expect(pickLocale({ languages: ['fr', 'de'] })).toBe('en');
    expect(pickLocale({})).toBe('en');
  });

  it('is English in Node, whatever the machine says', () => {
    // This file runs without a page: the module chose its first locale without one.
    expect(typeof document).toBe('undefined');
    expect(locale()).toBe('en');
  });
});
