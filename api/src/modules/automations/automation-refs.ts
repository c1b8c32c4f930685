/**
 * Tags and lists in a definition may be written by name ("listino") or by id; before a definition is
 * stored every name becomes an id — an unknown tag or list is created, as a person typing a new tag in
 * the contact page would. Templates named by a send step must exist on some number.
 */
import { AppError } from '../../lib/errors.ts';
import type { PocketBase } from '../../lib/pb.ts';
import { isUniqueViolation } from '../../lib/pb.ts';
import { walk } from './automation-rules.ts';
import { refuseWebhookUrl } from './automation-webhook.ts';
import type { ConditionT, DefinitionT, StepT, TriggerT } from './automation.schema.ts';

const ID = /^[a-z0-9]{15}$/;

export async function resolveRefs(pb: PocketBase, def: DefinitionT): Promise<DefinitionT> {
  const cache = new Map<string, string>();
  const ref = async (collection: 'tags' | 'lists', value: string): Promise<string> => {
    const key = `${collection}:${value.toLowerCase()}`;
    const known = cache.get(key);
    if (known) return known;
    let id: string | undefined;
    if (ID.test(value))
      id = await pb
        .collection(collection)
        .getOne(value, { fields: 'id', requestKey: null })
        .then((r) => r.id)
        .catch(() => undefined);
    if (!id) {
      const found = await pb.collection(collection).getList(1, 1, {
        filter: pb.filter('name = {:n}', { n: value }),
        fields: 'id',
        requestKey: null,
      });
      id = found.items[0]?.id;
    }
    if (!id) {
      try {
        id = (await pb.collection(collection).create({ name: value }, { requestKey: null })).id;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        id = (await pb.collection(collection).getFirstListItem(pb.filter('name = {:n}', { n: value }))).id;
      }
    }
    cache.set(key, id);
    return id;
  };
  const cond = async (c: ConditionT): Promise<ConditionT> => {
    if (c.type === 'tag') return { ...c, tag: await ref('tags', c.tag) };
    if (c.type === 'list') return { ...c, list: await ref('lists', c.list) };
    return c;
  };
  const trigger = async (t: TriggerT): Promise<TriggerT> => {
    if (t.type === 'tag_added') return { ...t, tag: await ref('tags', t.tag) };
    if (t.type === 'list_added') return { ...t, list: await ref('lists', t.list) };
    return t;
  };
  const steps = async (lane: StepT[] | undefined): Promise<StepT[] | undefined> => {
    if (!lane) return undefined;
    const out: StepT[] = [];
    for (const s of lane) {
      const a = s.action;
      let action: StepT['action'] = a;
      if (a.type === 'add_tag' || a.type === 'remove_tag') action = { ...a, tag: await ref('tags', a.tag) };
      else if (a.type === 'add_to_list' || a.type === 'remove_from_list')
        action = { ...a, list: await ref('lists', a.list) };
      else if (a.type === 'branch')
        action = {
          ...a,
          if: await cond(a.if),
          ...(a.then ? { then: await steps(a.then) } : {}),
          ...(a.else ? { else: await steps(a.else) } : {}),
        };
      else if (a.type === 'wait_for_reply')
        action = {
          ...a,
          ...(a.replied ? { replied: await steps(a.replied) } : {}),
          ...(a.not_replied ? { not_replied: await steps(a.not_replied) } : {}),
        };
      out.push({
        ...s,
        action,
        ...(s.if ? { if: await cond(s.if) } : {}),
        ...(s.window_closed ? { window_closed: await steps(s.window_closed) } : {}),
      });
    }
    return out;
  };
  return { ...def, trigger: await trigger(def.trigger), steps: (await steps(def.steps))! };
}

/** What the store can tell before activating: templates that exist, fields that exist, a sane flow. */
export async function checkDefinition(pb: PocketBase, def: DefinitionT, webhookOrigins: string[] = []): Promise<void> {
  const problems: Array<{ step: string; problem: string }> = [];
  const fields = new Set(
    (await pb.collection('contact_fields').getFullList<{ key: string }>({ fields: 'key', requestKey: null })).map(
      (f) => f.key,
    ),
  );
  for (const { path, step } of walk(def.steps)) {
    const a = step.action;
    if (a.type === 'send_template') {
      const t = await pb.collection('templates').getList(1, 1, {
        filter: pb.filter("name = {:n} && status = 'APPROVED'", { n: a.template.name }),
        fields: 'id',
        requestKey: null,
      });
      if (!t.items.length) problems.push({ step: path, problem: `no approved template "${a.template.name}"` });
    }
    if (a.type === 'set_field' && !fields.has(a.field)) problems.push({ step: path, problem: `no field "${a.field}"` });
    if (a.type === 'set_field' && !a.from && a.value === undefined)
      problems.push({ step: path, problem: 'set_field needs a value or from: next_message' });
    if (a.type === 'webhook') {
      const refused = refuseWebhookUrl(a.url, webhookOrigins);
      if (refused) problems.push({ step: path, problem: refused });
    }
    if (step.window_closed?.length && a.type !== 'send_text')
      problems.push({ step: path, problem: 'only a free-text step has a "window closed" lane' });
  }
  const t = def.trigger;
  if (t.type === 'date' && !fields.has(t.field)) problems.push({ step: 'trigger', problem: `no field "${t.field}"` });
  if (problems.length)
    throw new AppError('invalid_automation', 422, problems.map((p) => `${p.step}: ${p.problem}`).join('; '), {
      problems,
    });
}
