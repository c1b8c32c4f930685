/** Team management for admins: create members (password shown once), change role, activation, unassigned access. */
import { useStore } from '@nanostores/solid';
import { createEffect, createResource, createSignal, For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import type { Role, TeamMember } from '../../lib/types.ts';
import { $session, can } from '../../stores/session.ts';
import { loadTeam } from '../../stores/team.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { toast } from '../../ui/toast.ts';
import { errorText } from '../chat/errors.ts';

const ROLES: Role[] = ['admin', 'manager', 'operator', 'viewer'];
/**
 * The new member's role: the least privileged until the admin picks another, then their last choice —
 * also after form.reset(), which returns a <select> to its *default* option: defaultSelected (the
 * `selected` attribute) follows the choice, not only the `selected` property, so a second member is
 * never silently created with the first option (Admin).
 */
const [newRole, setNewRole] = createSignal<Role>('viewer');

export default function UsersAdmin() {
  const session = useStore($session);
  const admin = () => can.manageUsers(session()?.user);
  const [users, { mutate, refetch }] = createResource(() =>
    api<{ items: TeamMember[] }>('/api/v1/users').then((r) => r.items),
  );
  const [created, setCreated] = createSignal<{ email: string; password: string } | null>(null);
  const [busy, setBusy] = createSignal(false);

  const patch = async (u: TeamMember, body: Partial<TeamMember>) => {
    try {
      const updated = await api<TeamMember>(`/api/v1/users/${u.id}`, { method: 'PATCH', body });
      mutate((users() ?? []).map((x) => (x.id === u.id ? { ...x, ...updated } : x)));
      void loadTeam();
    } catch (err) {
      toast(errorText(err), 'error');
      void refetch();
    }
  };

  const create = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const password = String(data.get('password') ?? '');
    setBusy(true);
    try {
      const res = await api<{ user: TeamMember; password?: string }>('/api/v1/users', {
        body: {
          email: String(data.get('email')),
          name: String(data.get('name')),
          role: String(data.get('role')),
          see_unassigned: data.get('see_unassigned') === 'on',
          ...(password ? { password } : {}),
        },
      });
      setCreated(res.password ? { email: res.user.email ?? '', password: res.password } : null);
      mutate([...(users() ?? []), res.user]);
      form.reset();
      void loadTeam();
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="settings-section" aria-labelledby="team-title">
      <h2 id="team-title">{t('settings.users')}</h2>
      <Show when={!admin()}>
        <p class="notice">{t('settings.adminOnly')}</p>
      </Show>
      <Show when={created()}>
        {(c) => (
          <div class="notice notice-ok" role="status" data-testid="created-password">
            <p>{t('settings.passwordOnce', { email: c().email })}</p>
            <code class="password">{c().password}</code>
          </div>
        )}
      </Show>
      <div class="table-wrap">
        <table class="users-table" data-testid="users-table">
          <thead>
            <tr>
              <th scope="col">{t('settings.name')}</th>
              <th scope="col">{t('settings.role')}</th>
              <th scope="col">{t('settings.seeUnassigned')}</th>
              <th scope="col">{t('settings.active')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={users() ?? []}>
              {(u) => {
                const self = () => u.id === session()?.user.id;
                return (
                  <tr classList={{ inactive: !u.active }} data-testid="user-row" data-email={u.email}>
                    <td>
                      <span class="user-cell">
                        <Avatar name={u.name || u.email || '?'} seed={u.id} size={36} />
                        <span>
                          <strong>{u.name}</strong>
                          <Show when={self()}>
                            {' '}
                            <small class="muted">({t('settings.you')})</small>
                          </Show>
                          <br />
                          <small class="muted">{u.email}</small>
                        </span>
                      </span>
                    </td>
                    <td>
                      <select
                        aria-label={`${t('settings.role')} — ${u.name}`}
                        value={u.role}
                        disabled={!admin()}
                        onChange={(e) => void patch(u, { role: e.currentTarget.value as Role })}
                        data-testid="user-role"
                      >
                        <For each={ROLES}>
                          {(r) => (
                            <option value={r} selected={u.role === r}>
                              {t(`roles.${r}`)}
                            </option>
                          )}
                        </For>
                      </select>
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        class="switch"
                        aria-label={`${t('settings.seeUnassigned')} — ${u.name}`}
                        checked={u.see_unassigned}
                        disabled={!admin() || u.role !== 'operator'}
                        onChange={(e) => void patch(u, { see_unassigned: e.currentTarget.checked })}
                        data-testid="user-see-unassigned"
                      />
                    </td>
                    <td>
                      <button
                        type="button"
                        class="btn small"
                        classList={{ danger: u.active }}
                        disabled={!admin() || self()}
                        onClick={() => void patch(u, { active: !u.active })}
                        data-testid="user-active"
                      >
                        {u.active ? t('settings.deactivate') : t('settings.activate')}
                      </button>
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={admin()}>
        <form class="card create-user" onSubmit={create} data-testid="create-user">
          <h3>{t('settings.newUser')}</h3>
          <fieldset class="plain" disabled={busy()}>
            <div class="grid-2">
              <label class="field">
                <span>{t('settings.name')}</span>
                <input name="name" required maxLength={100} autocomplete="off" />
              </label>
              <label class="field">
                <span>{t('settings.email')}</span>
                <input name="email" type="email" required autocomplete="off" />
              </label>
              <label class="field">
                <span>{t('settings.role')}</span>
                <select
                  name="role"
                  value={newRole()}
                  onChange={(e) => setNewRole(e.currentTarget.value as Role)}
                  data-testid="new-user-role"
                >
                  <For each={ROLES}>
                    {(r) => (
                      <option value={r} ref={(o) => createEffect(() => (o.defaultSelected = r === newRole()))}>
                        {t(`roles.${r}`)}
                      </option>
                    )}
                  </For>
                </select>
              </label>
              <label class="field">
                <span>{t('settings.password')}</span>
                <input name="password" type="password" minLength={10} autocomplete="new-password" />
              </label>
            </div>
            <label class="check">
              <input type="checkbox" name="see_unassigned" /> {t('settings.seeUnassigned')}
            </label>
            <button type="submit" class="btn btn-primary" disabled={busy()}>
              {t('settings.create')}
            </button>
          </fieldset>
        </form>
      </Show>
    </section>
  );
}
