/**
 * One bench:ingest run with N clients: a copy of the store, Spunta on it, the raw PocketBase baseline, the
 * clients logged in and subscribed, a warm-up (customers write, we answer: status webhooks then have real
 * recent sends to land on), the generator forked, and the stages one after the other.
 */
import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pocketbasePid } from '../proc.ts';
import { spawnSpunta } from '../spawn.ts';
import type { GeneratorConfig } from './generator.ts';
import { login, Observer, roleMix } from './observers.ts';
import { printPlans } from './plans.ts';
import { PeakRss, pbPidOf } from './report.ts';
import { epochNow, orderedIdPrefix, storeWaId } from './shape.ts';
import { runStage, type StageSpec, type StageStats } from './stage.ts';
import {
  addBenchSuperuser,
  copyStore,
  type DirectPb,
  directPb,
  type PoolUser,
  type Role,
  type StoreMeta,
  USER_PASSWORD,
} from './store.ts';

export interface RunOptions {
  clients: number;
  storeDir: string;
  meta: StoreMeta;
  stages: StageSpec[];
  openShare: number;
  drainTimeoutS: number;
  printPlans: boolean;
}

export interface RunResult {
  clients: number;
  mix: Record<Role, number>;
  baseline: number;
  startS: number;
  stages: StageStats[];
  scans: string[];
  reconnects: number;
  /** when the clients' streams were re-established (PB_CONNECT after subscribing): seconds after the first stage began → clients */
  reconnectsAt: Array<[number, number]>;
  /** PocketBase processes seen (more than one: it was restarted by Spunta's supervisor) */
  pbPids: number;
}

async function baselineCreates(url: string, token: string, seconds = 5): Promise<number> {
  let n = 0;
  const end = Date.now() + seconds * 1000;
  const me = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).id as string;
  const worker = async (w: number) => {
    while (Date.now() < end) {
      const r = await fetch(`${url}/pb/api/collections/quick_replies/records`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: token },
        body: JSON.stringify({
          shortcut: `b${w}-${n}-${Math.random().toString(36).slice(2, 8)}`,
          body: 'Grazie per averci scritto!',
          created_by: me,
        }),
      });
      await r.arrayBuffer();
      if (r.ok) n++;
    }
  };
  await Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
  return n / seconds;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Customers write (no marker: observers ignore it) through the sandbox's customer side — which also opens
 * their 24-hour window there, as Meta would — then we answer each: the answers' wamids for status webhooks.
 */
async function warmUp(
  t: { url: string; secret: string; pnid: string; token: string },
  db: DirectPb,
  observers: Observer[],
  others: string[],
): Promise<Array<{ wamid: string; waId: string }>> {
  const since = orderedIdPrefix(epochNow() - 100);
  const writers = [...observers.map((o) => o.openChat.waId), ...others];
  for (let i = 0; i < writers.length; i += 20)
    await Promise.all(
      writers.slice(i, i + 20).map(async (from, k) => {
        const r = await fetch(`${t.url}/sandbox/customer/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            type: 'text',
            from,
            name: `Cliente ${Number(from.slice(2)) - 3_300_000_000}`,
            text: `Buongiorno, avrei una domanda (${i + k})`,
          }),
        });
        if (!r.ok) throw new Error(`sandbox customer message: ${r.status} ${await r.text()}`);
      }),
    );
  await until('the warm-up messages', async () => (await db.count('messages', `id >= '${since}'`)) >= writers.length);
  const reply = async (token: string, to: string) => {
    const r = await fetch(`${t.url}/api/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to, type: 'text', text: { body: 'Certo, è disponibile!' } }),
    });
    if (r.status !== 202) throw new Error(`reply to ${to}: ${r.status} ${await r.text()}`);
    return { id: ((await r.json()) as { message: { id: string } }).message.id, waId: to };
  };
  // each client answers in its open chat; the admin answers the others, 20 at a time
  const sent = await Promise.all(observers.map((o) => reply(o.pb.authStore.token, o.openChat.waId)));
  for (let i = 0; i < others.length; i += 20)
    sent.push(...(await Promise.all(others.slice(i, i + 20).map((w) => reply(t.token, w)))));
  const byId = new Map(sent.map((s) => [s.id, s.waId]));
  const out: Array<{ wamid: string; waId: string }> = [];
  await until(
    'Meta (the sandbox) to accept the warm-up replies',
    async () => {
      out.length = 0;
      const ids = [...byId.keys()];
      for (let i = 0; i < ids.length; i += 50) {
        const filter = `(${ids
          .slice(i, i + 50)
          .map((id) => `id = '${id}'`)
          .join(' || ')}) && wamid != ''`;
        const r = await db.get<{ items: Array<{ id: string; wamid: string }> }>(
          `/api/collections/messages/records?perPage=50&skipTotal=1&fields=id,wamid&filter=${encodeURIComponent(filter)}`,
        );
        for (const m of r.items) out.push({ wamid: m.wamid, waId: byId.get(m.id)! });
      }
      return out.length >= sent.length * 0.9;
    },
    120_000,
  );
  return out;
}

export async function runOnce(o: RunOptions): Promise<RunResult> {
  const { meta } = o;
  const t0 = performance.now();
  const dataDir = copyStore(o.storeDir);
  const su = addBenchSuperuser(dataDir);
  const t = await spawnSpunta({}, { dataDir });
  const cleanup: Array<() => Promise<void> | void> = [
    () => rmSync(dataDir, { recursive: true, force: true }),
    () => t.stop(),
  ];
  try {
    const startS = (performance.now() - t0) / 1000;
    const pbPid = pocketbasePid(t.pid!);
    if (!pbPid) throw new Error("Spunta's PocketBase child not found");
    const db = await directPb(pbPid, su);
    const scans = o.printPlans ? await printPlans(db, meta.size, meta.numberId) : [];

    const baseline = await baselineCreates(t.url, t.token);
    process.stdout.write(`  baseline: raw PocketBase creates through /pb (16 concurrent): ${baseline.toFixed(0)}/s\n`);

    // the clients: the store's team first, more through the API if the mix needs them
    const mix = roleMix(o.clients);
    const admin = { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' };
    const users: PoolUser[] = [];
    for (const role of ['operator', 'manager', 'admin'] as Role[]) {
      const pool = meta.pool.filter((u) => u.role === role);
      for (let i = 0; i < mix[role]; i++) {
        if (pool[i]) users.push(pool[i]!);
        else {
          const email = `extra-${role}${i}@bench.local`;
          const r = await fetch(`${t.url}/api/v1/users`, {
            method: 'POST',
            headers: admin,
            body: JSON.stringify({ email, name: `Extra ${role} ${i}`, role, password: USER_PASSWORD }),
          });
          if (r.status !== 201) throw new Error(`POST /api/v1/users → ${r.status} ${await r.text()}`);
          users.push({ id: ((await r.json()) as { user: { id: string } }).user.id, email, role });
        }
      }
    }
    // open chats: recent chats of the store, one each; an operator's is assigned to them through the API
    const recent = await db.get<{ items: Array<{ id: string; contact_phone: string }> }>(
      `/api/collections/conversations/records?perPage=${o.clients}&skipTotal=1&sort=-last_message_at&fields=id,contact_phone&filter=${encodeURIComponent("id >= 'bv' && id < 'bw'")}`,
    );
    const observers: Observer[] = [];
    for (const [i, u] of users.entries()) {
      const chat = recent.items[i]!;
      if (u.role === 'operator') {
        const r = await fetch(`${t.url}/api/v1/conversations/${chat.id}/assign`, {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({ assignee: u.id }),
        });
        if (!r.ok) throw new Error(`assign ${chat.id}: ${r.status} ${await r.text()}`);
      }
      const { token } = await login(t.url, u.email, USER_PASSWORD);
      observers.push(
        new Observer(t.url, u.role, { id: u.id, email: u.email }, token, {
          id: chat.id,
          waId: chat.contact_phone.slice(1),
        }),
      );
    }
    await Promise.all(observers.map((ob) => ob.subscribe()));
    cleanup.push(async () => {
      for (const ob of observers) await ob.stop();
    });

    const others = Array.from({ length: 300 }, (_, k) => storeWaId(meta.size.conversations + k * 7));
    const sends = await warmUp(t, db, observers, others);
    process.stdout.write(`  warm-up: ${sends.length} replies sent; ${observers.length} clients subscribed\n`);

    const gen = fork(join(import.meta.dirname, 'generator.ts'), [], {
      env: { ...process.env, BENCH_INGEST_GENERATOR: '1' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    cleanup.push(() => {
      gen.disconnect();
      gen.kill();
    });
    const config: GeneratorConfig = {
      url: t.url,
      secret: t.secret,
      pnid: t.pnid,
      size: meta.size,
      openChats: observers.map((ob) => ob.openChat.waId),
      openShare: o.openShare,
      recent: sends,
    };
    await new Promise<void>((res) => {
      gen.once('message', () => res());
      gen.send({ type: 'config', config });
    });

    const pbPids = new Set<number>();
    const currentPb = pbPidOf(t.pid!);
    const rss = new PeakRss({
      spunta: () => t.pid,
      pocketbase: () => {
        const pid = currentPb();
        if (pid) pbPids.add(pid);
        return pid;
      },
      generator: () => gen.pid,
      'bench (observers)': () => process.pid,
    });
    const stages: StageStats[] = [];
    const firstStageAt = epochNow();
    for (const [i, spec] of o.stages.entries()) {
      const s = await runStage({
        stage: i,
        spec,
        url: t.url,
        dataDir,
        db,
        gen,
        observers,
        rss,
        drainTimeoutS: o.drainTimeoutS,
      });
      stages.push(s);
      process.stdout.write(
        `  stage ${spec.label}: ${s.gen.inboundAcked} inbound acknowledged, ${s.stored} stored, ` +
          `processed ${s.processed.toFixed(0)} msg/s, drained ${s.drainLagS.toFixed(1)} s after the last due delivery, ` +
          `realtime p50 ${s.realtime.p50.toFixed(0)} / p99 ${s.realtime.p99.toFixed(0)} ms\n`,
      );
    }
    return {
      clients: o.clients,
      mix,
      baseline,
      startS,
      stages,
      scans,
      reconnects: observers.reduce((a, ob) => a + (ob.connects - ob.connectsAtReady), 0),
      reconnectsAt: [
        ...observers
          .flatMap((ob) => ob.connectTimes.slice(ob.connectsAtReady))
          .reduce((m, at) => {
            const s = Math.round((at - firstStageAt) / 1000);
            return m.set(s, (m.get(s) ?? 0) + 1);
          }, new Map<number, number>()),
      ],
      pbPids: pbPids.size,
    };
  } finally {
    for (const c of cleanup.reverse()) await c();
  }
}
