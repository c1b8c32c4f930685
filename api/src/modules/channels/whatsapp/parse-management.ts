/**
 * WABA-level webhook fields (templates, number quality, account, capability, user preferences, the
 * WhatsApp Business app's address book) → normalised updates. Each returns undefined when the value is
 * not what the field promises, and the caller keeps it as an UnknownChange.
 */
import type {
  AccountNotice,
  ContactSync,
  PhoneQualityUpdate,
  TemplateCategoryUpdate,
  TemplateComponentsUpdate,
} from '../channel.types.ts';
import type { TemplateQualityUpdate, TemplateStatusUpdate, UserPreference } from '../channel.types.ts';
import type { Origin } from './parse-inbound.ts';
import { arr, compact, id, isRec, num, str, unixSeconds, type Rec } from './json-read.ts';

export function templateStatus(wabaId: string, v: unknown): TemplateStatusUpdate | undefined {
  const t = templateRef(v);
  const event = t && str(t.v.event);
  if (!t || !event) return undefined;
  const ri = isRec(t.v.rejection_info) ? t.v.rejection_info : undefined;
  const oi = isRec(t.v.other_info) ? t.v.other_info : undefined;
  const rejectionInfo = ri ? compact({ reason: str(ri.reason), recommendation: str(ri.recommendation) }) : undefined;
  const otherInfo = oi ? compact({ title: str(oi.title), description: str(oi.description) }) : undefined;
  return compact<TemplateStatusUpdate>({
    kind: 'template_status',
    wabaId,
    ...t.ref,
    event,
    reason: str(t.v.reason) ?? rejectionInfo?.reason,
    category: str(t.v.message_template_category),
    rejectionInfo: rejectionInfo && Object.keys(rejectionInfo).length ? rejectionInfo : undefined,
    otherInfo: otherInfo && Object.keys(otherInfo).length ? otherInfo : undefined,
  });
}

export function templateQuality(wabaId: string, v: unknown): TemplateQualityUpdate | undefined {
  const t = templateRef(v);
  const newScore = t && str(t.v.new_quality_score);
  if (!t || !newScore) return undefined;
  const previousScore = str(t.v.previous_quality_score);
  return compact<TemplateQualityUpdate>({ kind: 'template_quality', wabaId, ...t.ref, previousScore, newScore });
}

/** Impending: `correct_category` + `category_update_timestamp`; completed: `previous_category` → `new_category`. */
export function templateCategory(wabaId: string, v: unknown): TemplateCategoryUpdate | undefined {
  const t = templateRef(v);
  if (!t) return undefined;
  const u = compact<TemplateCategoryUpdate>({
    kind: 'template_category',
    wabaId,
    ...t.ref,
    previousCategory: str(t.v.previous_category),
    newCategory: str(t.v.new_category),
    correctCategory: str(t.v.correct_category),
    effectiveAt: num(t.v.category_update_timestamp),
  });
  return u.newCategory || u.correctCategory ? u : undefined;
}

export function templateComponents(wabaId: string, v: unknown): TemplateComponentsUpdate | undefined {
  const t = templateRef(v);
  return t ? { kind: 'template_components', wabaId, ...t.ref, raw: t.v } : undefined;
}

/** Template ids arrive as JSON numbers; either id or name is enough to find the template again. */
function templateRef(v: unknown): { v: Rec; ref: { templateId: string; name: string; language: string } } | undefined {
  if (!isRec(v)) return undefined;
  const templateId = id(v.message_template_id) ?? '';
  const name = str(v.message_template_name) ?? '';
  if (!templateId && !name) return undefined;
  return { v, ref: { templateId, name, language: str(v.message_template_language) ?? '' } };
}

/** TIER_2K stays as it is; Meta's integer examples (10000, -1 = unlimited) become TIER-like strings. */
export function tierOf(v: unknown): string | undefined {
  if (typeof v === 'string' && /^TIER_/i.test(v.trim())) return v.trim().toUpperCase();
  const n = num(v);
  if (n === undefined) return undefined;
  if (n < 0) return 'TIER_UNLIMITED';
  const named: Record<number, string> = {
    50: 'TIER_50',
    250: 'TIER_250',
    1000: 'TIER_1K',
    2000: 'TIER_2K',
    10000: 'TIER_10K',
    100000: 'TIER_100K',
  };
  return named[n] ?? String(Math.trunc(n));
}

export function phoneQuality(wabaId: string, v: unknown): PhoneQualityUpdate | undefined {
  if (!isRec(v)) return undefined;
  const event = str(v.event);
  if (!event) return undefined;
  const displayPhoneNumber = id(v.display_phone_number) ?? '';
  return compact<PhoneQualityUpdate>({
    kind: 'phone_quality',
    wabaId,
    displayPhoneNumber,
    event,
    currentLimit: str(v.current_limit),
    oldLimit: str(v.old_limit),
    maxDailyConversations: tierOf(v.max_daily_conversations_per_business),
  });
}

/** account_update, account_alerts, business_capability_update: kept whole, with what the product acts on lifted out. */
export function accountNotice(wabaId: string, field: string, v: unknown): AccountNotice | undefined {
  if (!isRec(v)) return undefined;
  const alertInfo = isRec(v.alert_info) ? v.alert_info : undefined;
  const event =
    str(v.event) ??
    (alertInfo ? str(alertInfo.alert_type) : undefined) ??
    (field === 'business_capability_update' ? 'CAPABILITY_UPDATE' : undefined);
  if (!event) return undefined;
  return compact<AccountNotice>({
    kind: 'account_notice',
    wabaId,
    field,
    event,
    phoneNumber: id(v.phone_number)?.replace(/\D/g, '') || undefined,
    tier: tierOf(v.max_daily_conversations_per_business) ?? tierOf(v.max_daily_conversation_per_phone),
    raw: v,
  });
}

export function userPreferences(origin: Origin, v: Rec): UserPreference[] {
  return arr(v.user_preferences)
    .filter(isRec)
    .flatMap((p) => {
      const waId = id(p.wa_id) ?? '';
      const userId = id(p.user_id);
      const value = str(p.value);
      if ((!waId && !userId) || !value) return [];
      return [
        compact<UserPreference>({
          kind: 'user_preference',
          wabaId: origin.wabaId,
          phoneNumberId: origin.phoneNumberId,
          waId,
          userId,
          category: str(p.category) ?? 'marketing_messages',
          value,
          detail: str(p.detail) ?? '',
          timestamp: unixSeconds(p.timestamp),
        }),
      ];
    });
}

export function stateSync(origin: Origin, v: Rec): ContactSync[] {
  return arr(v.state_sync)
    .filter(isRec)
    .flatMap((s) => {
      const c = isRec(s.contact) ? s.contact : undefined;
      const phone = c ? (id(c.phone_number)?.replace(/\D/g, '') ?? '') : '';
      const userId = c ? id(c.user_id) : undefined;
      if (str(s.type) !== 'contact' || !c || (!phone && !userId)) return [];
      return [
        compact<ContactSync>({
          kind: 'contact_sync',
          wabaId: origin.wabaId,
          phoneNumberId: origin.phoneNumberId,
          action: str(s.action) ?? 'add',
          phone,
          userId,
          fullName: str(c.full_name),
          firstName: str(c.first_name),
          timestamp: unixSeconds(isRec(s.metadata) ? s.metadata.timestamp : undefined),
        }),
      ];
    });
}
