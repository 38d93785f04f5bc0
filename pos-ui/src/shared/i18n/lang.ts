/**
 * The reader's language: Chinese unless they chose English, remembered in localStorage and
 * mirrored in <html lang> so that screen readers and fonts pick the right language.
 */

export type Lang = 'zh-CN' | 'en';

export const LANG_STORAGE_KEY = 'xmf.lang';

type Listener = (lang: Lang) => void;

const listeners = new Set<Listener>();

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Private browsing on some old phones throws on access.
    return null;
  }
}

function rememberedLang(): Lang {
  try {
    return storage()?.getItem(LANG_STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

// Known before any component renders, so no Chinese flashes by for a reader who chose English.
let current: Lang = rememberedLang();

/** Reads the remembered choice again and applies it to <html lang>; called once at start. */
export function initLang(): Lang {
  current = rememberedLang();
  document.documentElement.lang = current;
  return current;
}

export function currentLang(): Lang {
  return current;
}

/** Switches every listening component, <html lang> and the remembered choice. */
export function setLang(lang: Lang): void {
  if (lang === current) return;
  current = lang;
  document.documentElement.lang = lang;
  try {
    storage()?.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // A full or disabled storage only means the choice is not remembered.
  }
  for (const listener of listeners) listener(lang);
}

/** Calls `listener` on every change; returns the function that stops it. */
export function onLangChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The model's name in the reader's language: most figures carry `name` and `nameEn`. */
export function localName(item: { name: string; nameEn: string }, lang: Lang): string {
  return lang === 'en' && item.nameEn ? item.nameEn : item.name;
}
