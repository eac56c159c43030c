import { useEffect, useState, type CSSProperties } from 'react';
import type { BridgeApi } from '../api/bridgeApi';
import { currentLanguage, t, type Language } from '../i18n';
import { LOG_TAG } from '../id';
import './worklistStrings';

const button: CSSProperties = {
  background: 'transparent',
  color: '#d8e3f0',
  border: '1px solid #3a4a5e',
  borderRadius: 4,
  padding: '2px 8px',
  cursor: 'pointer',
  whiteSpace: 'nowrap',
  font: 'inherit',
};

/** The chosen language is OHIF's (i18next's storage key): set it, and load the page again in it. */
export function chooseLanguage(language: Language): void {
  try {
    window.localStorage.setItem('i18nextLng', language);
  } catch {
    // storage disabled: the URL carries it
  }
  const url = new URL(window.location.href);
  url.searchParams.set('lng', language);
  window.location.assign(url.toString());
}

/**
 * The signed-in user, their language (French or English) and signing out: a drop-down in the
 * list's toolbar, or `inline` in the viewer's header menu (OHIF's modal holds it).
 */
export function UserMenu({ api, inline = false }: { api: BridgeApi; inline?: boolean }) {
  const [name, setName] = useState<string>('');
  const [open, setOpen] = useState(inline);
  const language = currentLanguage();
  useEffect(() => {
    api.session().then(
      (session) => setName(session.user?.displayName ?? ''),
      (error: Error) => console.warn(LOG_TAG, 'session unavailable:', error.message),
    );
  }, [api]);
  return (
    <div data-testid="user-menu" style={{ position: 'relative', fontSize: 13, marginRight: 8 }}>
      {!inline && (
        <button
          type="button"
          data-testid="user-menu-button"
          aria-haspopup="menu"
          aria-expanded={open}
          aria-label={t('userMenu')}
          style={button}
          onClick={() => setOpen(!open)}
        >
          {name || t('userMenu')} ▾
        </button>
      )}
      {inline && name && <div style={{ marginBottom: 8, color: '#d8e3f0' }}>{name}</div>}
      {open && (
        <div
          role="menu"
          style={{
            position: inline ? 'static' : 'absolute',
            right: 0,
            top: '110%',
            zIndex: 1000,
            background: '#0b1a2a',
            border: '1px solid #3a4a5e',
            borderRadius: 4,
            padding: 8,
            display: 'flex',
            flexDirection: 'column',
            gap: 6,
            minWidth: 180,
          }}
        >
          <div style={{ color: '#8fa3ba' }}>{t('language')}</div>
          <div style={{ display: 'flex', gap: 6 }}>
            {(['fr', 'en'] as const).map((lng) => (
              <button
                key={lng}
                type="button"
                role="menuitemradio"
                aria-checked={language === lng}
                data-testid={`user-menu-language-${lng}`}
                style={{ ...button, fontWeight: language === lng ? 700 : 400 }}
                onClick={() => chooseLanguage(lng)}
              >
                {t(`language.${lng}`)}
              </button>
            ))}
          </div>
          <button
            type="button"
            role="menuitem"
            data-testid="user-menu-sign-out"
            style={button}
            onClick={() => void api.signOut()}
          >
            {t('userSignOut')}
          </button>
        </div>
      )}
    </div>
  );
}
