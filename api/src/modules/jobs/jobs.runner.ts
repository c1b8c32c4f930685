/**
 * In-process background jobs, one at a time (imports and bulk actions are write-bound on one
 * PocketBase, so running two at once would only make both slower). State lives in the `jobs`
 * collection, which admins, managers and the job's creator read — with realtime — for live progress.
 * After a crash, a job left "running" is handed to its type's recover() (compensate) and marked failed.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PocketBase } from '../../lib/pb.ts';
import type { Logger } from '../../lib/logger.ts';
import { pbDate, type JobRecord } from '../../lib/records.ts';
import { updateRecord } from '../../lib/record-update.ts';

export interface JobControl {
  dir: string;
  progress(done: number, total: number): Promise<void>;
  readonly cancelled: boolean;
}

export interface JobHandler {
  run(job: JobRecord, ctl: JobControl): Promise<Record<string, unknown>>;
  /** undo what a run interrupted by a crash or failure left behind */
  compensate?(job: JobRecord, dir: string): Promise<void>;
}

export class JobCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** Thrown by fault injection to stop a job as a process crash would: no compensation, state left running. */
export class SimulatedCrash extends Error {}

export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly queue: string[] = [];
  private readonly cancels = new Set<string>();
  private running: Promise<void> | undefined;
  private stopped = false;
  current: string | undefined;

  constructor(private readonly deps: { pb: PocketBase; log: Logger; dataDir: string }) {}

  register(type: string, handler: JobHandler): void {
    this.handlers.set(type, handler);
  }

  dir(id: string): string {
    const d = join(this.deps.dataDir, 'jobs', id);
    mkdirSync(d, { recursive: true });
    return d;
  }

  async create(
    type: string,
    data: {
      params: Record<string, unknown>;
      createdBy: string;
      state?: 'draft' | 'queued';
      file?: string;
      total?: number;
    },
  ): Promise<JobRecord> {
    const job = await this.deps.pb.collection('jobs').create<JobRecord>({
      type,
      state: data.state ?? 'queued',
      params: data.params,
      created_by: data.createdBy,
      file: data.file ?? '',
      progress: { done: 0, total: data.total ?? 0 },
      result: null,
    });
    if (job.state === 'queued') this.enqueue(job.id);
    return job;
  }

  get(id: string): Promise<JobRecord> {
    return this.deps.pb.collection('jobs').getOne<JobRecord>(id);
  }

  async queueDraft(id: string, params: Record<string, unknown>): Promise<JobRecord> {
    const job = await updateRecord<JobRecord>(this.deps.pb, 'jobs', id, { state: 'queued', params });
    this.enqueue(id);
    return job;
  }

  enqueue(id: string): void {
    this.queue.push(id);
    this.kick();
  }

  cancel(id: string): void {
    this.cancels.add(id);
  }

  /** After a restart: interrupted jobs are compensated and failed; queued ones run again. */
  async recover(): Promise<void> {
    const { pb, log } = this.deps;
    const running = await pb.collection('jobs').getFullList<JobRecord>({ filter: "state = 'running'" });
    for (const job of running) {
      if (job.id === this.current) continue;
      try {
        const handler = this.handlers.get(job.type);
        await handler?.compensate?.(job, this.dir(job.id));
        const error = handler?.compensate
          ? 'Interrupted by a restart; its changes were undone'
          : 'Interrupted by a restart; run it again to finish (it is safe to repeat)';
        await updateRecord(pb, 'jobs', job.id, { state: 'failed', error, finished_at: pbDate(Date.now()) });
      } catch (err) {
        log.error('could not recover an interrupted job', { jobId: job.id, err: String(err) });
      }
    }
    const queued = await pb.collection('jobs').getFullList<JobRecord>({ filter: "state = 'queued'", sort: 'created' });
    for (const job of queued) if (!this.queue.includes(job.id)) this.enqueue(job.id);
  }

  /** Old job folders (uploads, undo logs, reports) are removed after a week. */
  async purge(days = 7): Promise<void> {
    const { pb } = this.deps;
    const old = await pb.collection('jobs').getFullList<JobRecord>({
      filter: pb.filter("updated < {:t} && state != 'running' && state != 'queued'", {
        t: pbDate(Date.now() - days * 86_400_000),
      }),
      fields: 'id',
    });
    for (const j of old) rmSync(join(this.deps.dataDir, 'jobs', j.id), { recursive: true, force: true });
  }

  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  stop(): Promise<void> {
    this.stopped = true;
    return this.idle();
  }

  private kick(): void {
    if (this.running || this.stopped) return;
    this.running = (async () => {
      try {
        while (this.queue.length && !this.stopped) await this.runOne(this.queue.shift()!);
      } finally {
        this.running = undefined;
      }
    })();
  }

  private async runOne(id: string): Promise<void> {
    const { pb, log } = this.deps;
    let job: JobRecord;
    try {
      job = await this.get(id);
    } catch {
      return;
    }
    if (job.state !== 'queued') return;
    const handler = this.handlers.get(job.type);
    if (!handler) {
      await updateRecord(pb, 'jobs', id, { state: 'failed', error: `No handler for job type ${job.type}` });
      return;
    }
    this.current = id;
    job = await updateRecord<JobRecord>(pb, 'jobs', id, { state: 'running', started_at: pbDate(Date.now()) });
    const dir = this.dir(id);
    let lastWrite = 0;
    const self = this;
    const ctl: JobControl = {
      dir,
      get cancelled() {
        return self.cancels.has(id);
      },
      async progress(done, total) {
        // realtime viewers need a steady pulse, not a write per row
        if (Date.now() - lastWrite < 300 && done < total) return;
        lastWrite = Date.now();
        await updateRecord(pb, 'jobs', id, { progress: { done, total } });
      },
    };
    try {
      const result = await handler.run(job, ctl);
      await updateRecord(pb, 'jobs', id, { state: 'succeeded', result, finished_at: pbDate(Date.now()) });
    } catch (err) {
      if (err instanceof SimulatedCrash) return;
      const cancelled = err instanceof JobCancelled;
      if (!cancelled) log.error('job failed', { jobId: id, type: job.type, err: String((err as Error).stack ?? err) });
      let error = cancelled
        ? 'Cancelled; its changes were undone'
        : `${String((err as Error).message ?? err).slice(0, 1500)}`;
      try {
        await handler.compensate?.(job, dir);
        if (!cancelled && handler.compensate) error += ' (all changes were undone)';
      } catch (err2) {
        log.error('job compensation failed', { jobId: id, err: String(err2) });
        error += `; undo failed: ${String(err2).slice(0, 300)}`;
      }
      await updateRecord(pb, 'jobs', id, {
        state: cancelled ? 'cancelled' : 'failed',
        error,
        finished_at: pbDate(Date.now()),
      }).catch(() => undefined);
    } finally {
      this.cancels.delete(id);
      this.current = undefined;
    }
  }
}
