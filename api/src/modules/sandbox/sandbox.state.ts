import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SandboxChatItem, SandboxCustomer, SandboxMessageStatus } from './types.ts';

/** A store that wants its state in the sandbox's data file. */
export interface PersistedPart {
  key: string;
  snapshot(): unknown;
  restore(value: unknown): void;
}

const RANK: Record<SandboxMessageStatus, number> = {
  pending: 0,
  accepted: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  failed: 5,
};

/** Bounded so a long-running demo cannot grow memory without limit. */
const MAX_ITEMS_PER_CUSTOMER = 2000;
const SAVE_DEBOUNCE_MS = 300;

type Listener = (item: SandboxChatItem) => void;

/** Customers, the per-customer history (both directions + statuses) and its persistence. */
export class SandboxState {
  readonly customers = new Map<string, SandboxCustomer>();
  private readonly chats = new Map<string, SandboxChatItem[]>();
  private readonly messages = new Map<string, SandboxChatItem>();
  private readonly listeners = new Set<Listener>();
  private readonly parts: PersistedPart[] = [];
  private seq = 0;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(
    private readonly dataFile: string | undefined,
    private readonly now: () => number,
    private readonly log: (msg: string, extra?: unknown) => void,
  ) {}

  touchCustomer(waId: string, name?: string): SandboxCustomer {
    let c = this.customers.get(waId);
    if (!c) {
      c = { waId, name: name || `Customer ${waId.slice(-4)}`, lastInboundAt: {}, lastActivityAt: this.now() };
      this.customers.set(waId, c);
    } else if (name) {
      c.name = name;
    }
    c.lastActivityAt = this.now();
    this.saveSoon();
    return c;
  }

  /** the customer-service window opens from the customer's last message */
  noteInbound(phoneNumberId: string, waId: string, atMs: number): void {
    const c = this.touchCustomer(waId);
    c.lastInboundAt[phoneNumberId] = Math.max(c.lastInboundAt[phoneNumberId] ?? 0, atMs);
  }

  lastInboundAt(phoneNumberId: string, waId: string): number | undefined {
    return this.customers.get(waId)?.lastInboundAt[phoneNumberId];
  }

  addMessage(item: Omit<SandboxChatItem, 'seq' | 'kind'>): SandboxChatItem {
    const full: SandboxChatItem = { seq: ++this.seq, kind: 'message', ...item };
    this.messages.set(full.wamid, full);
    this.append(full);
    return full;
  }

  findMessage(wamid: string): SandboxChatItem | undefined {
    return this.messages.get(wamid);
  }

  /**
   * Records a status event and moves the message's own status forward. Statuses only move up
   * (sent < delivered < read) and failed is terminal, mirroring what a receiver must do.
   */
  addStatus(
    wamid: string,
    status: SandboxMessageStatus,
    timestamp: number,
    errors?: SandboxChatItem['errors'],
  ): SandboxChatItem | undefined {
    const msg = this.messages.get(wamid);
    if (!msg) return undefined;
    if (msg.status !== 'failed' && (status === 'failed' || RANK[status] > RANK[msg.status])) {
      msg.status = status;
      if (errors) msg.errors = errors;
    }
    const item: SandboxChatItem = {
      seq: ++this.seq,
      kind: 'status',
      direction: msg.direction,
      phoneNumberId: msg.phoneNumberId,
      waId: msg.waId,
      wamid,
      timestamp,
      status,
      ...(errors ? { errors } : {}),
    };
    this.append(item);
    return item;
  }

  history(waId: string): SandboxChatItem[] {
    return (this.chats.get(waId) ?? []).map((i) => structuredClone(i));
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  clear(): void {
    this.customers.clear();
    this.chats.clear();
    this.messages.clear();
    this.saveSoon();
  }

  private append(item: SandboxChatItem): void {
    let list = this.chats.get(item.waId);
    if (!list) this.chats.set(item.waId, (list = []));
    list.push(item);
    if (list.length > MAX_ITEMS_PER_CUSTOMER) {
      for (const dropped of list.splice(0, list.length - MAX_ITEMS_PER_CUSTOMER)) {
        if (dropped.kind === 'message' && this.messages.get(dropped.wamid) === dropped) {
          this.messages.delete(dropped.wamid);
        }
      }
    }
    for (const fn of this.listeners) {
      try {
        fn(structuredClone(item));
      } catch (err) {
        this.log('sandbox: listener failed', err);
      }
    }
    this.saveSoon();
  }

  // ---- persistence -------------------------------------------------------------------------------

  register(part: PersistedPart): void {
    this.parts.push(part);
  }

  /** Called once all parts are registered. A corrupt file is logged and ignored, never fatal. */
  load(): void {
    if (!this.dataFile || !existsSync(this.dataFile)) return;
    try {
      const data = JSON.parse(readFileSync(this.dataFile, 'utf8')) as Record<string, unknown>;
      this.seq = typeof data.seq === 'number' ? data.seq : 0;
      for (const c of (data.customers as SandboxCustomer[] | undefined) ?? []) this.customers.set(c.waId, c);
      for (const item of (data.items as SandboxChatItem[] | undefined) ?? []) {
        let list = this.chats.get(item.waId);
        if (!list) this.chats.set(item.waId, (list = []));
        list.push(item);
        if (item.kind === 'message') this.messages.set(item.wamid, item);
      }
      for (const part of this.parts) if (part.key in data) part.restore(data[part.key]);
    } catch (err) {
      this.log('sandbox: could not load data file, starting empty', { file: this.dataFile, err: String(err) });
    }
  }

  saveSoon(): void {
    if (!this.dataFile) return;
    this.dirty = true;
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.save();
    }, SAVE_DEBOUNCE_MS);
  }

  async flush(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    await this.save();
  }

  private save(): Promise<void> {
    const file = this.dataFile;
    if (!file || !this.dirty) return this.saving;
    this.dirty = false;
    const data: Record<string, unknown> = {
      version: 1,
      seq: this.seq,
      customers: [...this.customers.values()],
      items: [...this.chats.values()].flat().sort((a, b) => a.seq - b.seq),
    };
    for (const part of this.parts) data[part.key] = part.snapshot();
    const body = JSON.stringify(data);
    // chained so two saves never interleave their write+rename
    this.saving = this.saving.then(async () => {
      try {
        mkdirSync(dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        await writeFile(tmp, body);
        await rename(tmp, file);
      } catch (err) {
        this.log('sandbox: could not save data file', { file, err: String(err) });
      }
    });
    return this.saving;
  }
}
