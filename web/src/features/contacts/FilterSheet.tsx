/** The filter editor (a sheet) and the removable chips that summarise the active filter. */
import { useStore } from '@nanostores/solid';
import { createSignal, For, Index, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { Icon } from '../../ui/Icon.tsx';
import { Sheet } from '../../ui/Sheet.tsx';
import type { FieldDef } from './crm.types.ts';
import { ToggleChips } from './crm-ui.tsx';
import {
  conditionError,
  needsValue,
  normalize,
  OPS_BY_TYPE,
  SORTS,
  type ContactFilterModel,
  type FieldCond,
  type FieldOp,
  type Sort,
} from './filters.ts';
import { $fields, $fieldsByKey, $lists, $listsById, $tags, $tagsById, LANGUAGES } from './taxonomy.ts';

const SORT_LABEL: Record<Sort, () => string> = {
  '-created': () => t('crm.list.sortNewest'),
  created: () => t('crm.list.sortOldest'),
  name: () => t('crm.list.sortName'),
  '-name': () => t('crm.list.sortNameDesc'),
  '-last_contacted_at': () => t('crm.list.sortRecent'),
  last_contacted_at: () => t('crm.list.sortLeast'),
};

function ConditionRow(props: {
  cond: FieldCond;
  defs: FieldDef[];
  onChange: (c: FieldCond) => void;
  onRemove: () => void;
  n: number;
}) {
  const byKey = useStore($fieldsByKey);
  const def = () => byKey().get(props.cond.key);
  const err = () => conditionError(props.cond, def());
  const ops = () => (def() ? OPS_BY_TYPE[def()!.type] : []);
  const setKey = (key: string) => {
    const d = byKey().get(key);
    const op = d && OPS_BY_TYPE[d.type].includes(props.cond.op) ? props.cond.op : d ? OPS_BY_TYPE[d.type][0]! : 'eq';
    props.onChange({ key, op, value: '' });
  };
  const input = () => {
    const d = def();
    if (!d || !needsValue(props.cond.op)) return null;
    const common = {
      'aria-label': `${t('crm.filter.value')} ${props.n}`,
      value: props.cond.value ?? '',
      onInput: (e: InputEvent) => props.onChange({ ...props.cond, value: (e.currentTarget as HTMLInputElement).value }),
      'data-testid': 'cond-value',
    };
    if (d.type === 'boolean') {
      return (
        <select
          aria-label={common['aria-label']}
          value={props.cond.value ?? ''}
          onChange={(e) => props.onChange({ ...props.cond, value: e.currentTarget.value })}
          data-testid="cond-value"
        >
          <option value="">{t('crm.common.none')}</option>
          <option value="true">{t('crm.common.yes')}</option>
          <option value="false">{t('crm.common.no')}</option>
        </select>
      );
    }
    return (
      <input
        {...common}
        type={
          d.type === 'number' ? 'text' : d.type === 'date' ? 'date' : d.type === 'datetime' ? 'datetime-local' : 'text'
        }
        inputmode={d.type === 'number' ? 'decimal' : undefined}
      />
    );
  };
  return (
    <div class="cond-row" data-testid="cond-row">
      <div class="cond-fields">
        <select
          aria-label={`${t('crm.filter.field')} ${props.n}`}
          value={props.cond.key}
          onChange={(e) => setKey(e.currentTarget.value)}
          data-testid="cond-field"
        >
          <For each={props.defs}>{(d) => <option value={d.key}>{d.label || d.key}</option>}</For>
        </select>
        <select
          aria-label={`${t('crm.filter.opLabel')} ${props.n}`}
          value={props.cond.op}
          onChange={(e) => props.onChange({ ...props.cond, op: e.currentTarget.value as FieldOp })}
          data-testid="cond-op"
        >
          <For each={ops()}>{(o) => <option value={o}>{t(`crm.filter.op.${o}`)}</option>}</For>
        </select>
        {input()}
      </div>
      <button
        type="button"
        class="icon-btn small"
        aria-label={`${t('crm.filter.removeCondition')} ${props.n}`}
        onClick={() => props.onRemove()}
      >
        <Icon name="close" size={18} />
      </button>
      <Show when={err() && err() !== 'value_required'}>
        <p class="field-error small">{t(`crm.filter.err.${err()!}`)}</p>
      </Show>
    </div>
  );
}

export function FilterSheet(props: {
  value: ContactFilterModel;
  sort?: Sort;
  onApply: (f: ContactFilterModel, sort?: Sort) => void;
  onClose: () => void;
  title?: string;
  hideDeleted?: boolean;
}) {
  const tags = useStore($tags);
  const lists = useStore($lists);
  const fields = useStore($fields);
  const defs = () => fields().filter((d) => d.on_contact);
  const [f, setF] = createSignal<ContactFilterModel>({ ...props.value, fields: [...(props.value.fields ?? [])] });
  const [sort, setSort] = createSignal<Sort | undefined>(props.sort);
  const patch = (p: Partial<ContactFilterModel>) => setF({ ...f(), ...p });
  const sel = <K extends keyof ContactFilterModel>(k: K, v: string) =>
    patch({ [k]: v === '' ? undefined : v } as Partial<ContactFilterModel>);
  const conds = () => f().fields ?? [];
  const addCond = () => {
    const d = defs()[0];
    if (d) patch({ fields: [...conds(), { key: d.key, op: OPS_BY_TYPE[d.type][0]!, value: '' }] });
  };
  const apply = (e: SubmitEvent) => {
    e.preventDefault();
    props.onApply(normalize({ ...f(), q: props.value.q }), sort());
  };

  return (
    <Sheet
      title={props.title ?? t('crm.filter.title')}
      onClose={props.onClose}
      wide
      testid="filter-sheet"
      footer={
        <div class="row-actions sheet-actions">
          <button type="button" class="btn ghost" onClick={() => setF({})} data-testid="filter-reset">
            {t('crm.filter.reset')}
          </button>
          <button type="submit" form="filter-form" class="btn btn-primary" data-testid="filter-apply">
            {t('crm.filter.apply')}
          </button>
        </div>
      }
    >
      <form id="filter-form" class="filter-form" onSubmit={apply}>
        <Show when={props.sort !== undefined}>
          <label class="field">
            <span>{t('crm.list.sort')}</span>
            <select value={sort()} onChange={(e) => setSort(e.currentTarget.value as Sort)} data-testid="filter-sort">
              <For each={SORTS}>{(s) => <option value={s}>{SORT_LABEL[s]()}</option>}</For>
            </select>
          </label>
        </Show>
        <fieldset class="filter-group">
          <legend>{t('crm.filter.tags')}</legend>
          <Show when={tags().length} fallback={<p class="muted small">{t('crm.filter.noTags')}</p>}>
            <ToggleChips
              items={tags()}
              selected={f().tags ?? []}
              onChange={(ids) => patch({ tags: ids })}
              label={t('crm.filter.tags')}
              testid="filter-tags"
            />
            <Show when={(f().tags?.length ?? 0) > 1}>
              <label class="field inline-field">
                <span>{t('crm.filter.tagsMode')}</span>
                <select
                  value={f().tags_mode ?? 'any'}
                  onChange={(e) => patch({ tags_mode: e.currentTarget.value as 'any' | 'all' })}
                >
                  <option value="any">{t('crm.filter.tagsAny')}</option>
                  <option value="all">{t('crm.filter.tagsAll')}</option>
                </select>
              </label>
            </Show>
          </Show>
        </fieldset>
        <fieldset class="filter-group">
          <legend>{t('crm.filter.lists')}</legend>
          <Show when={lists().length} fallback={<p class="muted small">{t('crm.filter.noLists')}</p>}>
            <ToggleChips
              items={lists()}
              selected={f().lists ?? []}
              onChange={(ids) => patch({ lists: ids })}
              label={t('crm.filter.lists')}
              testid="filter-lists"
            />
          </Show>
        </fieldset>
        <fieldset class="filter-group">
          <legend>{t('crm.filter.language')}</legend>
          <ToggleChips
            items={LANGUAGES.map((l) => ({ id: l, name: l.toUpperCase() }))}
            selected={f().language ?? []}
            onChange={(ids) => patch({ language: ids })}
            label={t('crm.filter.language')}
          />
        </fieldset>
        <div class="grid-2">
          <label class="field">
            <span>{t('crm.filter.phone')}</span>
            <select
              value={f().phone ?? ''}
              onChange={(e) => sel('phone', e.currentTarget.value)}
              data-testid="filter-phone"
            >
              <option value="">{t('crm.common.any')}</option>
              <option value="valid">{t('crm.filter.phoneValid')}</option>
              <option value="invalid">{t('crm.filter.phoneInvalid')}</option>
            </select>
          </label>
          <label class="field">
            <span>{t('crm.filter.consent')}</span>
            <select
              value={f().consent ?? ''}
              onChange={(e) => sel('consent', e.currentTarget.value)}
              data-testid="filter-consent"
            >
              <option value="">{t('crm.common.any')}</option>
              <option value="opted_in">{t('crm.filter.optedIn')}</option>
              <option value="opted_out">{t('crm.filter.optedOut')}</option>
              <option value="none">{t('crm.filter.noConsent')}</option>
            </select>
          </label>
          <label class="field">
            <span>{t('crm.filter.blocked')}</span>
            <select
              value={f().blocked === undefined ? '' : String(f().blocked)}
              onChange={(e) =>
                patch({ blocked: e.currentTarget.value === '' ? undefined : e.currentTarget.value === 'true' })
              }
              data-testid="filter-blocked"
            >
              <option value="">{t('crm.common.any')}</option>
              <option value="true">{t('crm.filter.blockedYes')}</option>
              <option value="false">{t('crm.filter.blockedNo')}</option>
            </select>
          </label>
          <Show when={!props.hideDeleted}>
            <label class="field">
              <span>{t('crm.filter.deleted')}</span>
              <select
                value={f().deleted ?? 'exclude'}
                onChange={(e) => sel('deleted', e.currentTarget.value === 'exclude' ? '' : e.currentTarget.value)}
                data-testid="filter-deleted"
              >
                <option value="exclude">{t('crm.filter.deletedExclude')}</option>
                <option value="include">{t('crm.filter.deletedInclude')}</option>
                <option value="only">{t('crm.filter.deletedOnly')}</option>
              </select>
            </label>
          </Show>
        </div>
        <fieldset class="filter-group">
          <legend>{t('crm.filter.fields')}</legend>
          <Show when={defs().length} fallback={<p class="muted small">{t('crm.filter.noFields')}</p>}>
            <Index each={conds()}>
              {(c, i) => (
                <ConditionRow
                  cond={c()}
                  defs={defs()}
                  n={i + 1}
                  onChange={(next) => patch({ fields: conds().map((x, k) => (k === i ? next : x)) })}
                  onRemove={() => patch({ fields: conds().filter((_, k) => k !== i) })}
                />
              )}
            </Index>
            <button type="button" class="btn small" onClick={addCond} data-testid="add-condition">
              <Icon name="plus" size={18} /> {t('crm.filter.addCondition')}
            </button>
          </Show>
        </fieldset>
      </form>
    </Sheet>
  );
}

export interface FilterChip {
  key: string;
  label: string;
  without: (f: ContactFilterModel) => ContactFilterModel;
}

/** One chip per active filter group (and per field condition), each removable. */
export function filterChips(f: ContactFilterModel): FilterChip[] {
  const n = normalize(f);
  const tags = $tagsById.get();
  const lists = $listsById.get();
  const defs = $fieldsByKey.get();
  const out: FilterChip[] = [];
  const names = (ids: string[], by: Map<string, { name: string }>) =>
    ids.map((id) => by.get(id)?.name ?? '…').join(', ');
  if (n.tags)
    out.push({
      key: 'tags',
      label: `${t('crm.filter.tags')}${n.tags_mode === 'all' ? ` (${t('crm.filter.tagsAll')})` : ''}: ${names(n.tags, tags)}`,
      without: (x) => ({ ...x, tags: undefined, tags_mode: undefined }),
    });
  if (n.lists)
    out.push({
      key: 'lists',
      label: `${t('crm.filter.lists')}: ${names(n.lists, lists)}`,
      without: (x) => ({ ...x, lists: undefined }),
    });
  if (n.language)
    out.push({
      key: 'language',
      label: `${t('crm.filter.language')}: ${n.language.join(', ').toUpperCase()}`,
      without: (x) => ({ ...x, language: undefined }),
    });
  if (n.phone)
    out.push({
      key: 'phone',
      label: `${t('crm.filter.phone')}: ${n.phone === 'valid' ? t('crm.filter.phoneValid') : t('crm.filter.phoneInvalid')}`,
      without: (x) => ({ ...x, phone: undefined }),
    });
  if (n.consent) {
    const v =
      n.consent === 'opted_in'
        ? t('crm.filter.optedIn')
        : n.consent === 'opted_out'
          ? t('crm.filter.optedOut')
          : t('crm.filter.noConsent');
    out.push({
      key: 'consent',
      label: `${t('crm.filter.consent')}: ${v}`,
      without: (x) => ({ ...x, consent: undefined }),
    });
  }
  if (n.blocked !== undefined)
    out.push({
      key: 'blocked',
      label: n.blocked ? t('crm.filter.blockedYes') : t('crm.filter.blockedNo'),
      without: (x) => ({ ...x, blocked: undefined }),
    });
  if (n.deleted)
    out.push({
      key: 'deleted',
      label: n.deleted === 'only' ? t('crm.filter.deletedOnly') : t('crm.filter.deletedInclude'),
      without: (x) => ({ ...x, deleted: undefined }),
    });
  (n.fields ?? []).forEach((c, i) => {
    const d = defs.get(c.key);
    const value = !needsValue(c.op)
      ? ''
      : d?.type === 'boolean'
        ? c.value === 'true'
          ? t('crm.common.yes')
          : t('crm.common.no')
        : ` ${c.value ?? ''}`;
    const bad = !!conditionError(c, d);
    out.push({
      key: `field-${i}`,
      label: `${d?.label || c.key} ${t(`crm.filter.op.${c.op}`)}${value && d?.type === 'boolean' ? ` ${value}` : value}${bad ? ` — ${t('crm.filter.condInvalid')}` : ''}`,
      without: (x) => ({ ...x, fields: (x.fields ?? []).filter((_, k) => k !== i) }),
    });
  });
  return out;
}
