/** Pieces shared by the CRM screens: header, section tabs, job progress, error text, dates. */
import { useStore } from '@nanostores/solid';
import { For, Show, type JSX } from 'solid-js';
import { locale, t } from '../../i18n/index.ts';
import { pbTime } from '../../lib/pb.ts';
import { $session } from '../../stores/session.ts';
import { Icon } from '../../ui/Icon.tsx';
import { errorText } from '../chat/errors.ts';
import type { FieldDef, Job } from './crm.types.ts';
import { crmCan } from './taxonomy.ts';

export function CrmHeader(props: {
  title: string;
  back?: string;
  onBack?: () => void;
  children?: JSX.Element;
  titleId?: string;
}) {
  return (
    <header class="topbar crm-topbar">
      <Show when={props.back || props.onBack}>
        <a
          class="icon-btn"
          href={`#${props.back ?? '/contacts'}`}
          aria-label={t('crm.common.back')}
          data-testid="crm-back"
          onClick={(e) => {
            if (props.onBack) {
              e.preventDefault();
              props.onBack();
            }
          }}
        >
          <Icon name="back" />
        </a>
      </Show>
      <h1 class="topbar-title crm-title" id={props.titleId}>
        {props.title}
      </h1>
      {props.children}
    </header>
  );
}

const SECTIONS = ['contacts', 'lists', 'tags', 'fields'] as const;
const HREF = { contacts: '#/contacts', lists: '#/lists', tags: '#/tags', fields: '#/contacts/fields' };

/** Contacts · Lists · Tags · Fields (fields only for who defines them). */
export function CrmTabs(props: { current: (typeof SECTIONS)[number] }) {
  const session = useStore($session);
  const shown = () => SECTIONS.filter((s) => s !== 'fields' || crmCan.defineFields(session()?.user));
  return (
    <nav class="crm-tabs" aria-label={t('crm.tabs.label')}>
      <For each={shown()}>
        {(s) => (
          <a
            class="crm-tab"
            href={HREF[s]}
            aria-current={props.current === s ? 'page' : undefined}
            data-testid={`crm-tab-${s}`}
          >
            {t(`crm.tabs.${s}`)}
          </a>
        )}
      </For>
    </nav>
  );
}

/** An API error as a sentence, with the CRM's own codes translated. */
export function crmError(err: unknown): string {
  const code = (err as { code?: string } | null)?.code;
  if (
    code === 'forbidden' ||
    code === 'file_too_large' ||
    code === 'already_exists' ||
    code === 'unknown_field' ||
    code === 'too_many' ||
    code === 'invalid_phone'
  ) {
    return t(`crm.errors.${code}`);
  }
  return errorText(err);
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function fmt(opts: Intl.DateTimeFormatOptions, key: string): Intl.DateTimeFormat {
  const k = `${locale()}|${key}`;
  let f = fmtCache.get(k);
  if (!f) fmtCache.set(k, (f = new Intl.DateTimeFormat(locale(), opts)));
  return f;
}

/** "12 May 2025, 14:03" from a PocketBase date; '' when empty. */
export function dateTime(s: string | undefined | null): string {
  const ms = pbTime(s);
  return ms
    ? fmt({ day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }, 'dt').format(ms)
    : '';
}

export function dateOnly(s: string | undefined | null): string {
  const ms = pbTime(s);
  return ms ? fmt({ day: 'numeric', month: 'short', year: 'numeric' }, 'd').format(ms) : '';
}

export const num = (n: number) => n.toLocaleString(locale());

/** A running job: bar, "done of total", stop button. */
export function JobProgress(props: { job: Job | null; onCancel?: () => void; label?: string; cancelLabel?: string }) {
  const p = () => props.job?.progress;
  const pct = () => {
    const x = p();
    if (props.job?.state === 'succeeded') return 100;
    return x && x.total ? Math.round((Math.min(x.done, x.total) / x.total) * 100) : 0;
  };
  return (
    <div class="job-progress" data-testid="job-progress">
      <div class="job-progress-head">
        <span>{props.label ?? t('crm.common.working')}</span>
        <span class="muted">
          {props.job?.state === 'queued' || !p()?.total
            ? t('crm.common.jobQueued')
            : t('crm.common.jobProgress', { done: num(p()!.done), total: num(p()!.total) })}
        </span>
      </div>
      <div
        class="progress"
        role="progressbar"
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow={pct()}
        aria-label={props.label ?? t('crm.common.working')}
      >
        <span style={{ width: `${pct()}%` }} />
      </div>
      <Show when={props.onCancel}>
        <button type="button" class="btn small" onClick={() => props.onCancel?.()} data-testid="job-cancel">
          {props.cancelLabel ?? t('crm.common.cancelJob')}
        </button>
      </Show>
    </div>
  );
}

/** A chip-like toggle list (multi-select) with aria-pressed. */
export function ToggleChips<T extends { id: string; name: string; color?: string }>(props: {
  items: T[];
  selected: string[];
  onChange: (ids: string[]) => void;
  label: string;
  testid?: string;
}) {
  const toggle = (id: string) =>
    props.onChange(props.selected.includes(id) ? props.selected.filter((x) => x !== id) : [...props.selected, id]);
  return (
    <div class="toggle-chips" role="group" aria-label={props.label} data-testid={props.testid}>
      <For each={props.items}>
        {(x) => (
          <button
            type="button"
            class="toggle-chip"
            aria-pressed={props.selected.includes(x.id)}
            onClick={() => toggle(x.id)}
            style={x.color ? { '--tag': x.color } : undefined}
            data-id={x.id}
          >
            <Show when={props.selected.includes(x.id)}>
              <Icon name="check" size={14} />
            </Show>
            {x.name}
          </button>
        )}
      </For>
    </div>
  );
}

/** A custom field's value for reading (dates in words, yes/no, numbers with separators); '' when empty. */
export function fieldValue(def: FieldDef, v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (def.type === 'boolean') return v === true ? t('crm.common.yes') : v === false ? t('crm.common.no') : String(v);
  if (def.type === 'date' && typeof v === 'string') {
    const d = new Date(`${v}T00:00:00`);
    return Number.isNaN(d.getTime())
      ? v
      : d.toLocaleDateString(locale(), { day: 'numeric', month: 'long', year: 'numeric' });
  }
  if (def.type === 'datetime' && typeof v === 'string') return dateTime(v) || v;
  if (def.type === 'number' && typeof v === 'number') return v.toLocaleString(locale());
  return String(v);
}
