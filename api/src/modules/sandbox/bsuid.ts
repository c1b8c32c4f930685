/**
 * Business-scoped user ids in the sandbox, as Meta shares them since April 2026: every customer has a
 * stable BSUID (ISO country, a dot, digits) that appears in every messages webhook beside the phone; a
 * customer who "adopted a username" (hidePhone) reaches the business with the BSUID alone, and can be
 * answered with `recipient` instead of `to`.
 */
import { createHash } from 'node:crypto';
import type { SandboxCustomer } from './types.ts';

const COUNTRY_BY_PREFIX: Array<[string, string]> = [
  ['39', 'IT'],
  ['44', 'GB'],
  ['33', 'FR'],
  ['34', 'ES'],
  ['49', 'DE'],
  ['41', 'CH'],
  ['43', 'AT'],
  ['351', 'PT'],
  ['31', 'NL'],
  ['32', 'BE'],
  ['55', 'BR'],
  ['52', 'MX'],
  ['91', 'IN'],
  ['1', 'US'],
];

export function bsuidOf(waId: string): string {
  const cc = COUNTRY_BY_PREFIX.find(([p]) => waId.startsWith(p))?.[1] ?? 'US';
  const digits = BigInt(
    `0x${createHash('sha256').update(`sandbox-bsuid:${waId}`).digest('hex').slice(0, 15)}`,
  ).toString();
  return `${cc}.${digits}`;
}

export function customerByBsuid(customers: Iterable<SandboxCustomer>, userId: string): SandboxCustomer | undefined {
  for (const c of customers) if (bsuidOf(c.waId) === userId) return c;
  return undefined;
}
