/* eslint-disable @typescript-eslint/no-explicit-any */
import { currentLanguage, type Language } from './i18n';
import { LOG_TAG } from './id';

/**
 * OHIF's language menu (its preferences dialog) offers French and English only, shows the language
 * in use, and switches the whole of Sentinelle as the user menu does.
 *
 * OHIF 3.13 has no setting for its languages: the dialog lists `availableLanguages` of its i18next
 * instance (every locale of @ohif/i18n) and selects the item equal to `i18next.language`. We say
 * "en" and OHIF lists "en-US", so in English the menu showed blank. The instance is not exposed; the
 * build's module loader (rspack's chunk list, `globalThis.rspackChunk`) hands it over, by the id
 * @ohif/i18n has in the pinned build (ohif-app.lock.json). A new OHIF version means checking this
 * id; when it no longer leads to the instance, nothing is changed and the warning says so (the
 * language test fails on the full list).
 */
const OHIF_I18N_MODULE_ID = 90119;

/** OHIF's locale for each of our languages: its resources are "en-US", not "en". */
export const OHIF_LOCALE: Record<Language, string> = { fr: 'fr', en: 'en-US' };

/** Our language for an OHIF locale ("en-US" → "en"); French for anything else, as elsewhere. */
export function ourLanguage(locale: string): Language {
  return locale.toLowerCase().startsWith('en') ? 'en' : 'fr';
}

/** The languages OHIF's menu offers, each named in the dialog's language. */
const LANGUAGE_NAMES: Record<string, Record<string, string>> = {
  fr: { 'LanguageName.fr': 'Français', 'LanguageName.en-US': 'Anglais' },
  'en-US': { 'LanguageName.fr': 'French', 'LanguageName.en-US': 'English' },
};

/** OHIF's i18next instance, through the build's module loader; null when it cannot be found. */
function ohifI18n(): any {
  const chunks = (globalThis as any).rspackChunk;
  if (!Array.isArray(chunks)) return null;
  let found: any = null;
  // A chunk of no modules: the loader runs its callback with its `require`.
  chunks.push([
    ['sentinelle-languages'],
    {},
    (require: (id: number) => any) => {
      try {
        found = require(OHIF_I18N_MODULE_ID)?.A ?? null;
      } catch {
        found = null;
      }
    },
  ]);
  const looksRight =
    Array.isArray(found?.availableLanguages) &&
    typeof found?.changeLanguage === 'function' &&
    typeof found?.on === 'function';
  return looksRight ? found : null;
}

/** The page's ?lng= says the language just chosen (it comes before the stored choice on reload). */
function keepAddressInStep(locale: string): void {
  const url = new URL(window.location.href);
  const chosen = url.searchParams.get('lng');
  if (chosen === null || ourLanguage(chosen) === ourLanguage(locale)) return;
  url.searchParams.set('lng', ourLanguage(locale));
  window.history.replaceState(window.history.state, '', url.toString());
}

/**
 * Restricts OHIF's language menu to French and English, in step with the language the rest of
 * Sentinelle reads (`currentLanguage`): OHIF's language becomes its locale for ours ("en" →
 * "en-US"), and a choice made in OHIF's dialog (which then reloads the page) also becomes the
 * address's ?lng=, which would otherwise bring the former language back.
 */
export function offerFrenchAndEnglishOnly(): void {
  const i18n = ohifI18n();
  if (!i18n) {
    console.warn(LOG_TAG, 'OHIF’s i18next instance not found: its language menu lists every language');
    return;
  }
  i18n.availableLanguages.splice(
    0,
    i18n.availableLanguages.length,
    ...(['fr', 'en'] as const).map((language) => ({ value: OHIF_LOCALE[language], label: language })),
  );
  for (const [locale, names] of Object.entries(LANGUAGE_NAMES))
    i18n.addResourceBundle(locale, 'UserPreferencesModal', names, true, true);
  i18n.on('languageChanged', keepAddressInStep);
  const locale = OHIF_LOCALE[currentLanguage()];
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
}
