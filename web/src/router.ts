/**
 * Hash routing (the server needs no rewrite rules and the shell stays static for the service worker):
 *   #/                 conversation list
 *   #/c/<id>           a chat        (#/c/<id>/info with the contact panel open)
 *   #/settings[/tab]   settings (lazy-loaded)
 *   #/contacts[/new|/import[/<list>]|/fields|/<id>[/edit]], #/lists[/<id>], #/tags   contacts CRM (lazy-loaded)
 *   #/templates[/new|/<id>]   the templates studio (lazy-loaded)
 *   #/campaigns[/new|/rates|/<id>[/edit]]   campaigns: list, wizard, the rate card, results (lazy-loaded)
 *   #/automations[/new|/<id>[/report]]   automations: list, builder, report (lazy-loaded)
 *   #/dashboard[/report|/messages|/team]   the manager's dashboard (lazy-loaded)
 */
import { createSignal } from 'solid-js';

export type Route =
  | { name: 'inbox'; chatId?: undefined; info?: false }
  | { name: 'chat'; chatId: string; info: boolean }
  | { name: 'settings'; tab: string; chatId?: undefined; info?: false }
  | { name: 'crm'; section: CrmSection; id?: string; chatId?: undefined; info?: false }
  | { name: 'templates'; id?: string; chatId?: undefined; info?: false }
  | { name: 'campaigns'; id?: string; edit?: boolean; chatId?: undefined; info?: false }
  | { name: 'automations'; id?: string; report?: boolean; chatId?: undefined; info?: false }
  | { name: 'dashboard'; tab: DashboardTab; chatId?: undefined; info?: false };

export type DashboardTab = 'status' | 'report' | 'messages' | 'team';

export type CrmSection = 'contacts' | 'contact' | 'new' | 'edit' | 'import' | 'fields' | 'lists' | 'list' | 'tags';

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '');
  const chat = /^\/c\/([a-z0-9]{15})(\/info)?$/.exec(path);
  if (chat) return { name: 'chat', chatId: chat[1]!, info: !!chat[2] };
  const settings = /^\/settings(?:\/([a-z-]+))?$/.exec(path);
  if (settings) return { name: 'settings', tab: settings[1] ?? 'account' };
  const tpl = /^\/templates(?:\/(new|[a-z0-9]{15}))?$/.exec(path);
  if (tpl) return tpl[1] ? { name: 'templates', id: tpl[1] } : { name: 'templates' };
  const cmp = /^\/campaigns(?:\/(new|rates|[a-z0-9]{15})(\/edit)?)?$/.exec(path);
  if (cmp && !((cmp[1] === 'new' || cmp[1] === 'rates') && cmp[2]))
    return { name: 'campaigns', ...(cmp[1] ? { id: cmp[1] } : {}), ...(cmp[2] ? { edit: true } : {}) };
  const auto = /^\/automations(?:\/(new|[a-z0-9]{15})(\/report)?)?$/.exec(path);
  if (auto && !(auto[1] === 'new' && auto[2]))
    return { name: 'automations', ...(auto[1] ? { id: auto[1] } : {}), ...(auto[2] ? { report: true } : {}) };
  const dash = /^\/dashboard(?:\/(report|messages|team))?$/.exec(path);
  if (dash) return { name: 'dashboard', tab: (dash[1] as DashboardTab | undefined) ?? 'status' };
  const crm = /^\/(contacts|lists|tags)(?:\/(new|import|fields|[a-z0-9]{15}))?(?:\/(edit|[a-z0-9]{15}))?$/.exec(path);
  if (crm) {
    const [, base, a, b] = crm;
    const id = a?.length === 15 ? a : undefined;
    const r = (section: CrmSection, rid?: string): Route => ({ name: 'crm', section, ...(rid ? { id: rid } : {}) });
    if (base === 'tags' && !a) return r('tags');
    if (base === 'lists' && !b) return a ? (id ? r('list', id) : { name: 'inbox' }) : r('lists');
    if (base === 'contacts') {
      if (a === 'import') return b?.length === 15 ? r('import', b) : b ? { name: 'inbox' } : r('import');
      if (!b) return id ? r('contact', id) : r((a as CrmSection | undefined) ?? 'contacts');
      if (id && b === 'edit') return r('edit', id);
    }
  }
  return { name: 'inbox' };
}

const current = () => (typeof location === 'undefined' ? '' : location.hash);
const [route, setRoute] = createSignal<Route>(parseRoute(current()));
export { route };

if (typeof window !== 'undefined') window.addEventListener('hashchange', () => setRoute(parseRoute(current())));

export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  const hash = `#${path}`;
  if (location.hash === hash) return;
  if (opts.replace) history.replaceState(history.state, '', hash);
  else history.pushState(history.state, '', hash);
  setRoute(parseRoute(hash));
}

export const chatPath = (id: string, info = false) => `/c/${id}${info ? '/info' : ''}`;
