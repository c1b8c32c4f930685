/** The inside of a bubble, per message type (inbound normalised payloads, outbound Meta objects). */
import { useStore } from '@nanostores/solid';
import { For, Match, Show, Switch, type JSX } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { safeHref } from '../../lib/format.ts';
import { fileToken, fileTokenReady } from '../../lib/file-token.ts';
import { pb } from '../../lib/pb.ts';
import type { Message } from '../../lib/types.ts';
import { Icon } from '../../ui/Icon.tsx';
import { renderSent } from '../composer/template.ts';
import { $templates } from '../composer/templates.store.ts';
import { Formatted } from './Formatted.tsx';

type P = Record<string, any>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const MEDIA = new Set(['image', 'video', 'audio', 'document', 'sticker']);

/** The file's URL with the current file token (media are protected: the bare URL answers 404). */
export function mediaUrl(m: Message): string {
  if (!m.media || !m.collectionId) return '';
  const token = fileToken();
  return pb.files.getURL(
    { id: m.id, collectionId: m.collectionId, collectionName: m.collectionName ?? 'messages' },
    m.media,
    token ? { token } : {},
  );
}

function captionOf(m: Message): string {
  const p = (m.payload ?? {}) as P;
  return str(p.caption) || str(p.media?.caption);
}

/** Meta could not fetch the file from the sender: say so, with Meta's reason, instead of a download that never comes. */
function MediaNotReceived(props: { errors: P[] }) {
  const e = () => props.errors[0] ?? {};
  return (
    <div class="media-placeholder media-error" role="note" data-testid="media-not-received">
      <Icon name="image" />
      <span>{t('channel.mediaNotReceived')}</span>
      <Show when={e().code || e().title}>
        <small>{`(#${String(e().code ?? '')}) ${str(e().title)}${str(e().details) ? ` — ${str(e().details)}` : ''}`}</small>
      </Show>
    </div>
  );
}

function Media(props: { m: Message; localUrl?: string | undefined }) {
  const p = () => (props.m.payload ?? {}) as P;
  const errors = () => (Array.isArray(p().errors) ? (p().errors as P[]) : []);
  // waits for the first file token; later renewals do not re-render (fileToken() is not reactive)
  const url = () => props.localUrl || (fileTokenReady() ? mediaUrl(props.m) : '');
  // a link is followed later than it was drawn: give it a fresh token at that moment
  const fresh = (e: MouseEvent) => {
    if (!props.localUrl && props.m.media) (e.currentTarget as HTMLAnchorElement).href = mediaUrl(props.m);
  };
  const filename = () => str(p().media?.filename) || str(p().filename) || t('chat.document');
  const label = () =>
    ({
      image: t('chat.photo'),
      video: t('chat.video'),
      audio: p().media?.voice ? t('chat.voice') : t('chat.audio'),
      sticker: t('chat.sticker'),
      document: filename(),
    })[props.m.type as 'image'] ?? '';
  return (
    <div class={`media media-${props.m.type}`}>
      <Show when={errors().length && !url()}>
        <MediaNotReceived errors={errors()} />
      </Show>
      <Switch
        fallback={
          errors().length ? undefined : (
            <div class="media-placeholder">
              <Icon name={props.m.type === 'document' ? 'doc' : 'image'} />
              <span>{label()}</span>
              <small>
                {props.m.media_status === 'pending'
                  ? t('chat.mediaPending')
                  : props.m.media_status === 'failed'
                    ? t('chat.mediaFailed')
                    : ''}
              </small>
            </div>
          )
        }
      >
        <Match when={url() && (props.m.type === 'image' || props.m.type === 'sticker')}>
          <a href={url()} target="_blank" rel="noopener" class="media-link" onClick={fresh}>
            <img src={url()} alt={captionOf(props.m) || label()} loading="lazy" decoding="async" />
          </a>
        </Match>
        <Match when={url() && props.m.type === 'video'}>
          <video src={url()} controls preload="metadata" aria-label={label()} />
        </Match>
        <Match when={url() && props.m.type === 'audio'}>
          <audio src={url()} controls preload="metadata" aria-label={label()} />
        </Match>
        <Match when={url() && props.m.type === 'document'}>
          <a class="doc-link" href={url()} download={filename()} target="_blank" rel="noopener" onClick={fresh}>
            <Icon name="doc" />
            <span class="doc-name">{filename()}</span>
            <Icon name="download" label={t('chat.download')} />
          </a>
        </Match>
      </Switch>
      <Show when={captionOf(props.m)}>
        <Formatted text={captionOf(props.m)} />
      </Show>
    </div>
  );
}

function Location(props: { p: P }) {
  const lat = () => Number(props.p.latitude);
  const lon = () => Number(props.p.longitude);
  const ok = () => Number.isFinite(lat()) && Number.isFinite(lon()) && Math.abs(lat()) <= 90 && Math.abs(lon()) <= 180;
  const href = () => `https://www.openstreetmap.org/?mlat=${lat()}&mlon=${lon()}#map=16/${lat()}/${lon()}`;
  return (
    <div class="location">
      <Icon name="map" />
      <div>
        <strong>{str(props.p.name) || t('chat.location')}</strong>
        <Show when={str(props.p.address)}>
          <div>{str(props.p.address)}</div>
        </Show>
        <Show when={ok()}>
          <div class="muted small">
            {lat().toFixed(5)}, {lon().toFixed(5)}
          </div>
          <a href={href()} target="_blank" rel="noopener noreferrer" data-testid="map-link">
            {t('chat.openMap')}
          </a>
        </Show>
      </div>
    </div>
  );
}

function Contacts(props: { list: P[] }) {
  return (
    <For each={props.list}>
      {(c) => {
        const name = typeof c.name === 'string' ? c.name : str(c.name?.formatted_name);
        return (
          <div class="contact-card">
            <Icon name="user" />
            <div>
              <strong>{name || t('chat.contactCard')}</strong>
              <Show when={str(c.org) || str(c.org?.company)}>
                <div class="muted small">
                  {[str(c.title), str(c.department), str(c.org) || str(c.org?.company)].filter(Boolean).join(' · ')}
                </div>
              </Show>
              <For each={(c.phones ?? []) as P[]}>
                {(ph) => (
                  <div>
                    <a href={`tel:${str(ph.phone).replace(/[^\d+]/g, '')}`}>{str(ph.phone)}</a>
                    <CardType type={ph.type} />
                  </div>
                )}
              </For>
              <For each={(c.emails ?? []) as unknown[]}>
                {(e) => {
                  const v = typeof e === 'string' ? e : str((e as P)?.email);
                  return (
                    <div>
                      {v}
                      <CardType type={(e as P)?.type} />
                    </div>
                  );
                }}
              </For>
              <For each={(c.urls ?? []) as unknown[]}>
                {(u) => {
                  const v = typeof u === 'string' ? u : str((u as P)?.url);
                  const href = safeHref(v);
                  return (
                    <div>
                      {href ? (
                        <a href={href} target="_blank" rel="noopener noreferrer">
                          {v}
                        </a>
                      ) : (
                        v
                      )}
                      <CardType type={(u as P)?.type} />
                    </div>
                  );
                }}
              </For>
              <For each={(c.addresses ?? []) as P[]}>
                {(a) => (
                  <div class="small">
                    {t('channel.card.address')}:{' '}
                    {[str(a.street), [str(a.zip), str(a.city)].filter(Boolean).join(' '), str(a.state), str(a.country)]
                      .filter(Boolean)
                      .join(', ')}
                    <CardType type={a.type} />
                  </div>
                )}
              </For>
              <Show when={str(c.birthday)}>
                <div class="small">
                  {t('channel.card.birthday')}: {str(c.birthday)}
                </div>
              </Show>
            </div>
          </div>
        );
      }}
    </For>
  );
}

/** WORK / HOME / MOBILE as a small translated tag; other labels as Meta sent them. */
function CardType(props: { type: unknown }) {
  const v = () => str(props.type).toLowerCase();
  const known = () => (['work', 'home', 'mobile'] as const).find((k) => k === v());
  return (
    <Show when={v()}>
      <small class="muted"> ({known() ? t(`channel.card.${known()!}`) : v()})</small>
    </Show>
  );
}

function Buttons(props: { items: Array<{ text: string; url?: string | undefined }> }) {
  return (
    <div class="msg-buttons">
      <For each={props.items}>
        {(b) => {
          const href = b.url ? safeHref(b.url) : null;
          return href ? (
            <a class="msg-button" href={href} target="_blank" rel="noopener noreferrer">
              {b.text}
            </a>
          ) : (
            <span class="msg-button" data-testid="bubble-button">
              {b.text}
            </span>
          );
        }}
      </For>
    </div>
  );
}

function OutboundInteractive(props: { p: P }) {
  const i = () => props.p;
  const rows = () => ((i().action?.sections ?? []) as P[]).flatMap((s) => (s.rows ?? []) as P[]);
  return (
    <div class="interactive">
      <Show when={i().header?.type === 'text'}>
        <div class="msg-header">{str(i().header?.text)}</div>
      </Show>
      <Formatted text={str(i().body?.text)} />
      <Show when={str(i().footer?.text)}>
        <div class="msg-footer">{str(i().footer?.text)}</div>
      </Show>
      <Show when={i().type === 'button'}>
        <Buttons items={((i().action?.buttons ?? []) as P[]).map((b) => ({ text: str(b.reply?.title) }))} />
      </Show>
      <Show when={i().type === 'list'}>
        <details class="msg-list">
          <summary class="msg-button">
            <Icon name="list" size={16} /> {str(i().action?.button) || t('chat.listButton')}
          </summary>
          <ul>
            <For each={rows()}>
              {(r) => (
                <li>
                  <strong>{str(r.title)}</strong>
                  <Show when={str(r.description)}>
                    <small>{str(r.description)}</small>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </details>
      </Show>
    </div>
  );
}

function Reply(props: { label: string; title: string; sub?: string }) {
  return (
    <div class="choice-reply">
      <span class="muted small">
        <Icon name="reply" size={14} /> {props.label}
      </span>
      <Formatted text={props.title} />
      <Show when={props.sub}>
        <small class="muted">{props.sub}</small>
      </Show>
    </div>
  );
}

export function MessageContent(props: { m: Message; localUrl?: string | undefined }): JSX.Element {
  const templates = useStore($templates);
  const p = () => (props.m.payload ?? {}) as P;
  const out = () => props.m.direction === 'out';
  return (
    <Switch fallback={<p class="muted">{props.m.preview || t('chat.unsupported')}</p>}>
      <Match when={props.m.type === 'text' || props.m.type === 'note'}>
        <Formatted text={str(p().body) || props.m.preview} />
      </Match>
      <Match when={MEDIA.has(props.m.type)}>
        <Media m={props.m} localUrl={props.localUrl} />
      </Match>
      <Match when={props.m.type === 'location'}>
        <Location p={p()} />
      </Match>
      <Match when={props.m.type === 'contacts'}>
        <Contacts list={Array.isArray(p().contacts) ? p().contacts : []} />
      </Match>
      <Match when={props.m.type === 'interactive' && out()}>
        <OutboundInteractive p={p()} />
      </Match>
      <Match when={props.m.type === 'interactive'}>
        <Reply
          label={
            p().kind === 'list_reply'
              ? t('chat.listReply')
              : p().kind === 'nfm_reply'
                ? t('chat.form')
                : t('chat.buttonReply')
          }
          title={str(p().title) || str(p().body) || props.m.preview}
          sub={str(p().description)}
        />
      </Match>
      <Match when={props.m.type === 'button'}>
        <Reply label={t('chat.buttonReply')} title={str(p().text) || str(p().payload)} />
      </Match>
      <Match when={props.m.type === 'template'}>
        {(() => {
          const r = () => renderSent(p(), templates());
          return (
            <div class="template-msg">
              <div class="muted small">
                <Icon name="template" size={14} /> {t('chat.template')} · {str(p().name)}
              </div>
              <Show when={r()} fallback={<p>{props.m.preview}</p>}>
                {(x) => (
                  <>
                    <Show when={x().header}>
                      <div class="msg-header">{x().header}</div>
                    </Show>
                    <Formatted text={x().body} />
                    <Show when={x().footer}>
                      <div class="msg-footer">{x().footer}</div>
                    </Show>
                    <Show when={x().buttons.length}>
                      <Buttons items={x().buttons} />
                    </Show>
                  </>
                )}
              </Show>
            </div>
          );
        })()}
      </Match>
      <Match when={props.m.type === 'reaction'}>
        <p class="muted">{t('chat.reactedTo', { emoji: str(p().emoji) || '∅' })}</p>
      </Match>
      <Match when={props.m.type === 'order'}>
        <div class="order">
          <strong>
            🛒{' '}
            {t(
              'chat.order',
              Array.isArray(p().items) ? (p().items as P[]).reduce((n, it) => n + (Number(it.quantity) || 1), 0) : 0,
            )}
          </strong>
          <ul>
            <For each={(p().items ?? []) as P[]}>
              {(it) => (
                <li>
                  {str(it.productRetailerId)} × {String(it.quantity ?? 1)} — {String(it.itemPrice ?? '')}{' '}
                  {str(it.currency)}
                </li>
              )}
            </For>
          </ul>
          <Show when={str(p().text)}>
            <Formatted text={str(p().text)} />
          </Show>
        </div>
      </Match>
      <Match when={props.m.type === 'request_welcome'}>
        <p class="muted">👋 {t('chat.welcome')}</p>
      </Match>
      <Match when={props.m.type === 'system'}>
        <p class="muted" data-testid="system-notice">
          {p().identity || p().kind === 'customer_identity_changed'
            ? t('channel.securityCodeChanged')
            : str(p().body) || (p().kind === 'user_changed_number' ? t('channel.numberChanged') : t('chat.system'))}
        </p>
      </Match>
    </Switch>
  );
}
