/** Team members (names for assignees, @mentions, "who is typing"), read through /pb. */
import { atom, computed } from 'nanostores';
import { pb } from '../lib/pb.ts';
import type { TeamMember } from '../lib/types.ts';
import { cachedTeam, rememberTeam } from '../features/pwa/offline-cache.ts';
import { userMay } from '../../../api/src/engine/policy/permissions.ts';

export const $team = atom<TeamMember[]>([]);
export const $teamById = computed($team, (list) => new Map(list.map((m) => [m.id, m])));

export async function loadTeam(): Promise<void> {
  try {
    const rows = await pb
      .collection('users')
      .getFullList<TeamMember>({ sort: 'name', fields: 'id,name,email,role,active,see_unassigned' });
    $team.set(rows);
    void rememberTeam(rows);
  } catch {
    // offline: names from the device copy; otherwise ids until the next sign-in or settings change
    const cached = await cachedTeam().catch(() => []);
    if (cached.length) $team.set(cached);
  }
}

export function memberName(id: string): string {
  const m = $teamById.get().get(id);
  return m ? m.name || m.email || id : '';
}

/** Who a chat may be assigned to: active people whose role can hold chats. */
export function assignable(list: TeamMember[]): TeamMember[] {
  return list.filter((m) => m.active && userMay(m, 'conversation.be_assigned'));
}
