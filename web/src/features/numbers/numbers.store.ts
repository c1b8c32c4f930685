/**
 * The business numbers, as GET /api/v1/wa-numbers describes them (no secrets; admins also learn which
 * secrets are set). Small and read at sign-in: the inbox labels and filters chats by number only when
 * there are several, and shows the sandbox badge while the default number is the sandbox's.
 */
import { atom, computed } from 'nanostores';
import { api } from '../../lib/api.ts';

export interface WaNumber {
  id: string;
  phone_number_id: string;
  waba_id: string;
  display_phone_number: string;
  verified_name: string;
  quality_rating: string;
  messaging_limit_tier: string;
  /** send cap in messages per second, shared by every outbound send of the number */
  throughput_mps?: number;
  status: string;
  mode: 'meta' | 'sandbox';
  origin: 'env' | 'sandbox' | 'app';
  read_only: boolean;
  default: boolean;
  secrets?: { access_token: 'set' | 'not_set'; app_secret: 'set' | 'not_set'; verify_token: 'set' | 'not_set' };
}

export const $numbers = atom<WaNumber[]>([]);
export const $numbersById = computed($numbers, (list) => new Map(list.map((n) => [n.id, n])));
export const $defaultNumber = computed($numbers, (list) => list.find((n) => n.default) ?? list[0]);

let settle: () => void = () => undefined;
/**
 * Resolves once the numbers are known (or could not be loaded, or after 3 s): the inbox loads its first
 * page after it, so the number filter is in place before the rows and never pushes them under a finger.
 */
export const numbersReady: Promise<void> = new Promise((resolve) => {
  settle = resolve;
  if (typeof window !== 'undefined') setTimeout(resolve, 3000);
});

export async function loadNumbers(): Promise<void> {
  try {
    $numbers.set((await api<{ items: WaNumber[] }>('/api/v1/wa-numbers')).items);
  } catch {
    // offline or signed out: keep what we had (labels are a convenience, sending does not depend on them)
  } finally {
    settle();
  }
}

/** "+1 555 078 3881" style, from Meta's digits-only display number. */
export function prettyPhone(digits: string): string {
  const d = digits.replace(/\D/g, '');
  if (!d) return '';
  const m = /^(1|7|2\d|3\d|4\d|5\d|6\d|8\d|9\d)(\d{3})(\d{3})(\d+)$/.exec(d);
  return m ? `+${m[1]} ${m[2]} ${m[3]} ${m[4]}` : `+${d}`;
}

/** What a person calls the number: its verified name, else the number. */
export function numberLabel(
  n: Pick<WaNumber, 'verified_name' | 'display_phone_number' | 'phone_number_id'> | undefined,
): string {
  if (!n) return '';
  return n.verified_name || prettyPhone(n.display_phone_number) || n.phone_number_id;
}
