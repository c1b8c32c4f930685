/**
 * Start-up chores that make a fresh DATA_DIR usable: the WhatsApp number row from config, and the
 * first admin (from ADMIN_EMAIL/ADMIN_PASSWORD, or a generated password printed once).
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Logger } from '../lib/logger.ts';
import type { PocketBase } from '../lib/pb.ts';
import type { UserRecord, WaNumberRecord } from '../lib/records.ts';
import { updateRecord } from '../lib/record-update.ts';

export async function upsertConfiguredNumber(pb: PocketBase, config: Config): Promise<WaNumberRecord> {
  const wa = config.whatsapp;
  const existing = await pb
    .collection('wa_numbers')
    .getList<WaNumberRecord>(1, 1, { filter: pb.filter('phone_number_id = {:p}', { p: wa.phoneNumberId }) });
  const data = {
    phone_number_id: wa.phoneNumberId,
    waba_id: wa.wabaId,
    mode: wa.mode,
    access_token: wa.accessToken,
    ...(wa.displayPhoneNumber ? { display_phone_number: wa.displayPhoneNumber } : {}),
    ...(wa.mode === 'sandbox' ? { verified_name: 'Spunta Demo' } : {}),
  };
  if (existing.items[0]) return updateRecord<WaNumberRecord>(pb, 'wa_numbers', existing.items[0].id, data);
  return pb.collection('wa_numbers').create<WaNumberRecord>({
    quality_rating: 'GREEN',
    messaging_limit_tier: 'TIER_250',
    status: 'CONNECTED',
    ...data,
  });
}

export async function ensureAdmin(
  pb: PocketBase,
  config: Config,
  log: Logger,
): Promise<{ created: boolean; email?: string; password?: string }> {
  const admins = await pb.collection('users').getList<UserRecord>(1, 1, { filter: "role = 'admin'" });
  if (admins.items.length) return { created: false };
  const email = config.adminEmail ?? 'admin@spunta.local';
  const generated = !config.adminPassword;
  const password = config.adminPassword ?? randomBytes(12).toString('base64url');
  await pb.collection('users').create({
    email,
    password,
    passwordConfirm: password,
    name: 'Admin',
    role: 'admin',
    active: true,
    see_unassigned: true,
    verified: true,
  });
  if (generated) {
    // Printed once, on the run that created the account; it is stored nowhere in clear.
    process.stdout.write(
      `\n  Spunta admin created\n    email:    ${email}\n    password: ${password}\n  (shown only once — set ADMIN_EMAIL/ADMIN_PASSWORD to choose your own)\n\n`,
    );
  } else {
    log.info('admin user created', { email });
  }
  return { created: true, email, ...(generated ? { password } : {}) };
}
