/**
 * How far Spunta's writer is behind what it acknowledged, read from its journal in DATA_DIR/journal
 * (api/src/modules/channels/whatsapp/webhook-journal.ts): the checkpoint moves past an event only once its
 * effect is committed (or dead-lettered), so "checkpoint at the end of the newest segment" means drained,
 * chunks in flight included — unlike the writer's queue length, which leaves out the chunk being applied.
 * The checkpoint is written at most every 200 ms (CHECKPOINT_EVERY_MS), so "drained" is seen up to that late.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function journalBehind(dataDir: string): number {
  const dir = join(dataDir, 'journal');
  const segs = readdirSync(dir)
    .map((f) => /^wal-(\d+)\.log$/.exec(f)?.[1])
    .filter((x): x is string => !!x)
    .map(Number)
    .sort((a, b) => a - b);
  const cpFile = join(dir, 'checkpoint.json');
  let cp = { seg: 0, offset: 0 };
  try {
    if (existsSync(cpFile)) cp = JSON.parse(readFileSync(cpFile, 'utf8')) as typeof cp;
  } catch {
    /* being replaced: read it at the next poll */
    return Number.POSITIVE_INFINITY;
  }
  let behind = 0;
  for (const seg of segs) {
    if (seg < cp.seg) continue;
    let size = 0;
    try {
      size = statSync(join(dir, `wal-${String(seg).padStart(8, '0')}.log`)).size;
    } catch {
      continue; // removed as the checkpoint passed it
    }
    behind += seg === cp.seg ? Math.max(0, size - cp.offset) : size;
  }
  return behind;
}
