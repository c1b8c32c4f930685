/**
 * "New chat" from the inbox: pick a contact (search) or type a number (checked with libphonenumber-js,
 * read against the chosen business number's country), choose the number when there are several; an
 * existing chat opens (its composer offers templates when the window is closed), otherwise the contact
 * page's "start chat" template flow sends the first message from that number.
 */
import { useStore } from '@nanostores/solid';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import { createResource, createSignal, For, lazy, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import type { Conversation, Page } from '../../lib/types.ts';
import { navigate } from '../../router.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { Sheet } from '../../ui/Sheet.tsx';
import { toast } from '../../ui/toast.ts';
import { errorText } from '../chat/errors.ts';
import { displayName, prettyPhone } from '../contacts/ContactVirtualList.tsx';
import { crm } from '../contacts/crm.api.ts';
import type { CrmContact } from '../contacts/crm.types.ts';
import { countryOfDigits } from '../contacts/phone.ts';
import { $defaultNumber, $numbers, numberLabel } from '../numbers/numbers.store.ts';

const StartChat = lazy(() => import('../contacts/StartChat.tsx'));

/** +E.164 when the text is a valid phone number (national numbers read in the business number's country). */
export function typedPhone(text: string, businessDigits: string): string | undefined {
  const s = text.trim();
  if (!/^[+\d\s().-]{6,}$/.test(s)) return undefined;
  const country = countryOfDigits(businessDigits.replace(/\D/g, ''))?.iso as CountryCode | undefined;
  const p = parsePhoneNumberFromString(
    s.startsWith('00') ? `+${s.slice(2)}` : s,
    country ? { defaultCountry: country } : {},
  );
  return p?.isValid() ? p.number : undefined;
}

export default function NewChat(props: { onClose: () => void }) {
  const numbers = useStore($numbers);
  const [numberId, setNumberId] = createSignal($defaultNumber.get()?.id ?? '');
  const number = () => numbers().find((n) => n.id === numberId()) ?? $defaultNumber.get();
  const [q, setQ] = createSignal('');
  const [query, setQuery] = createSignal('');
  const [starting, setStarting] = createSignal<CrmContact | null>(null);
  const [busy, setBusy] = createSignal(false);
  let timer: ReturnType<typeof setTimeout> | undefined;

  const [found] = createResource(query, (text) =>
    text.length < 2
      ? Promise.resolve([])
      : crm
          .page(new URLSearchParams({ q: text, perPage: '8', sort: 'name' }))
          .then((r) => r.items)
          .catch(() => []),
  );
  const phone = () => typedPhone(q(), number()?.display_phone_number ?? '');
  const looksLikePhone = () => /^[+\d\s().-]{6,}$/.test(q().trim());

  const open = async (e164: string, contact?: CrmContact) => {
    setBusy(true);
    try {
      // the chat with this customer on this number, if there is one (contacts are per number)
      const digits = e164.replace(/\D/g, '');
      const r = await api<Page<Conversation>>(
        `/api/v1/conversations?q=${digits}&perPage=10${number() ? `&number=${number()!.id}` : ''}`,
      );
      const existing = r.items.find((c) => c.contact_phone === e164 && (!number() || c.wa_number === number()!.id));
      if (existing) {
        props.onClose();
        navigate(`/c/${existing.id}`);
        return;
      }
      setStarting(
        contact ??
          ({
            id: '',
            phone: e164,
            wa_id: digits,
            name: '',
            first_name: '',
            last_name: '',
            profile_name: '',
            blocked: false,
            opted_out_at: '',
            marketing_allowed: true,
          } as unknown as CrmContact),
      );
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Show
      when={!starting()}
      fallback={
        <StartChat
          contact={starting()!}
          onClose={props.onClose}
          phoneNumberId={number()?.phone_number_id}
          wabaId={number()?.waba_id}
        />
      }
    >
      <Sheet title={t('numbers.newChat.title')} onClose={props.onClose} testid="new-chat">
        <Show when={numbers().length > 1}>
          <label class="field">
            <span>{t('numbers.newChat.from')}</span>
            <select
              value={numberId()}
              onChange={(e) => setNumberId(e.currentTarget.value)}
              data-testid="new-chat-number"
            >
              <For each={numbers()}>{(n) => <option value={n.id}>{numberLabel(n)}</option>}</For>
            </select>
          </label>
        </Show>
        <label class="field">
          <span>{t('numbers.newChat.search')}</span>
          <input
            type="search"
            value={q()}
            autofocus
            enterkeyhint="go"
            aria-describedby="new-chat-hint"
            data-testid="new-chat-search"
            onInput={(e) => {
              setQ(e.currentTarget.value);
              clearTimeout(timer);
              timer = setTimeout(() => setQuery(q().trim()), 250);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && phone()) void open(phone()!);
            }}
          />
          <span id="new-chat-hint" class="muted small">
            {t('numbers.newChat.searchHint')}
          </span>
        </label>
        <Show when={phone()}>
          {(p) => (
            <button
              type="button"
              class="btn btn-primary btn-block"
              disabled={busy()}
              onClick={() => void open(p())}
              data-testid="new-chat-typed"
            >
              {busy() ? t('numbers.newChat.opening') : t('numbers.newChat.typed', { phone: prettyPhone(p()) })}
            </button>
          )}
        </Show>
        <Show when={!phone() && looksLikePhone() && q().replace(/\D/g, '').length >= 8}>
          <p class="field-error small" role="alert" data-testid="new-chat-invalid">
            {t('numbers.newChat.invalid')}
          </p>
        </Show>
        <ul class="menu-list new-chat-results" role="list">
          <For each={found() ?? []}>
            {(c) => (
              <li>
                <button
                  type="button"
                  class="menu-item"
                  disabled={busy()}
                  onClick={() => void open(c.phone, c)}
                  data-testid="new-chat-contact"
                >
                  <Avatar name={displayName(c)} seed={c.id} size={36} />
                  <span class="new-chat-who">
                    <span>{displayName(c)}</span>
                    <span class="muted small">{prettyPhone(c.phone)}</span>
                  </span>
                </button>
              </li>
            )}
          </For>
        </ul>
        <Show when={query().length >= 2 && !looksLikePhone() && found.state === 'ready' && !found()?.length}>
          <p class="muted small">{t('numbers.newChat.noMatch')}</p>
        </Show>
      </Sheet>
    </Show>
  );
}
