import { useState, type FormEvent } from 'react';
import { t, userMessage } from '../../i18n';
import { button, errorText, field } from '../panelStyles';

/**
 * Signing asks for the password again, and the authenticator code when the account has one: the
 * signature is the physician's own act, not the session's. The draft is saved before it is signed
 * (`onSign` does both), so what is signed is what the physician sees.
 */
export function SignDialog(props: {
  readonly signerName: string;
  readonly askCode: boolean;
  readonly onSign: (password: string, code: string | undefined) => Promise<void>;
  readonly onCancel: () => void;
}) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.onSign(password, props.askCode ? code : undefined);
    } catch (e) {
      setError(userMessage(e));
      setPassword('');
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      data-testid="sign-dialog"
      role="dialog"
      aria-label={t('report.sign')}
      onSubmit={(e) => void submit(e)}
      style={{ marginTop: 8, padding: 8, border: '1px solid #3a6d99', borderRadius: 4 }}
    >
      <div>{t('report.signStatement', { name: props.signerName })}</div>
      <label style={{ display: 'block', marginTop: 6 }}>
        {t('report.password')}
        <input
          type="password"
          name="password"
          autoComplete="current-password"
          data-testid="sign-password"
          required
          style={{ ...field, display: 'block' }}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {props.askCode && (
        <label style={{ display: 'block', marginTop: 6 }}>
          {t('report.code')}
          <input
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            data-testid="sign-code"
            required
            style={{ ...field, display: 'block' }}
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </label>
      )}
      <div style={{ marginTop: 6 }}>
        <button type="submit" data-testid="confirm-sign" style={button} disabled={busy}>
          {busy ? t('report.signing') : t('report.confirmSign')}
        </button>
        <button type="button" style={button} onClick={props.onCancel} disabled={busy}>
          {t('report.cancel')}
        </button>
      </div>
      {error && (
        <div data-testid="sign-error" style={errorText}>
          {error}
        </div>
      )}
    </form>
  );
}
