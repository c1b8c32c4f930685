/**
 * An authentication template in the editor: Meta writes its text, so only Meta's options are offered —
 * the security recommendation, the code's expiry and one code button (copy code, or one-tap autofill for
 * an Android app).
 */
import { For, Show } from 'solid-js';
import { AUTH_LIMITS, OTP_TYPES, type AuthSettings } from '../../../../api/src/modules/templates/template-auth.ts';
import { t } from '../../i18n/index.ts';
import { Counter } from './EditorParts.tsx';
import { tx } from './tx.ts';

export function AuthSection(props: { auth: AuthSettings; locked: boolean; onChange: (auth: AuthSettings) => void }) {
  const set = (patch: Partial<AuthSettings>) => props.onChange({ ...props.auth, ...patch });
  return (
    <fieldset class="tpl-section tpl-auth" disabled={props.locked} data-testid="tpl-auth">
      <legend>{t('tpl.auth.title')}</legend>
      <p class="muted small">{t('tpl.auth.hint')}</p>
      <label class="check">
        <input
          type="checkbox"
          checked={props.auth.security}
          onChange={(e) => set({ security: e.currentTarget.checked })}
          data-testid="tpl-auth-security"
        />
        {t('tpl.auth.security')}
      </label>
      <label class="field">
        <span>{t('tpl.auth.expiry')}</span>
        <input
          type="number"
          inputmode="numeric"
          min={AUTH_LIMITS.expiryMin}
          max={AUTH_LIMITS.expiryMax}
          step={1}
          value={props.auth.expiry ?? ''}
          onInput={(e) => set({ expiry: e.currentTarget.value === '' ? null : Number(e.currentTarget.value) })}
          aria-describedby="tpl-auth-expiry-hint"
          data-testid="tpl-auth-expiry"
        />
        <small class="muted" id="tpl-auth-expiry-hint">
          {t('tpl.auth.expiryHint')}
        </small>
      </label>
      <fieldset class="tpl-auth-otp">
        <legend>{t('tpl.auth.button')}</legend>
        <For each={[...OTP_TYPES]}>
          {(o) => (
            <label class="check">
              <input
                type="radio"
                name="tpl-auth-otp"
                value={o}
                checked={props.auth.otpType === o}
                onChange={() => set({ otpType: o })}
                data-testid={`tpl-auth-otp-${o.toLowerCase()}`}
              />
              {tx(`tpl.auth.otpTypes.${o}`)}
            </label>
          )}
        </For>
      </fieldset>
      <label class="field">
        <span class="tpl-label-row">
          {t('tpl.auth.buttonText')} <Counter text={props.auth.buttonText} max={AUTH_LIMITS.buttonText} />
        </span>
        <input
          value={props.auth.buttonText}
          onInput={(e) => set({ buttonText: e.currentTarget.value })}
          data-testid="tpl-auth-button-text"
        />
      </label>
      <Show when={props.auth.otpType === 'ONE_TAP'}>
        <label class="field">
          <span class="tpl-label-row">
            {t('tpl.auth.autofillText')} <Counter text={props.auth.autofillText} max={AUTH_LIMITS.buttonText} />
          </span>
          <input
            value={props.auth.autofillText}
            onInput={(e) => set({ autofillText: e.currentTarget.value })}
            data-testid="tpl-auth-autofill-text"
          />
        </label>
        <label class="field">
          <span>{t('tpl.auth.packageName')}</span>
          <input
            value={props.auth.packageName}
            placeholder="com.example.app"
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => set({ packageName: e.currentTarget.value })}
            data-testid="tpl-auth-package"
          />
        </label>
        <label class="field">
          <span>{t('tpl.auth.signatureHash')}</span>
          <input
            value={props.auth.signatureHash}
            maxLength={AUTH_LIMITS.signatureHash}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => set({ signatureHash: e.currentTarget.value })}
            data-testid="tpl-auth-hash"
          />
        </label>
      </Show>
    </fieldset>
  );
}
