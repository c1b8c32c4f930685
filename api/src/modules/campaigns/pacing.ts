/**
 * How fast a campaign feeds its number: the cap, unless this machine sends fewer.
 *
 * Above what the store can record, feeding four seconds of the cap only piles work up: at a 1,000 mps cap a
 * campaign sent 41.5 msg/s, in bursts of a whole batch, while the same machine sent 72–76 at an 80 cap
 * (bench:campaign). So each slice is fed at what left for Meta during the previous one, half as much again
 * so that it climbs while the machine keeps up, never below min(cap, 80) nor above the cap. At an 80 cap
 * this is always the cap.
 */
export interface FeedSample {
  /** when it was taken (ms) */
  at: number;
  /** the number's departures counter then */
  departed: number;
  /** the rate it was fed at since */
  mps: number;
}

export const FLOOR_MPS = 80;
const CLIMB = 1.5;
/** shorter than this, a measure says nothing: the last rate stays */
const MIN_SPAN_MS = 1000;

export function feedRate(
  prev: FeedSample | undefined,
  now: { now: number; departed: number; mps: number; staleMs: number },
): { fed: number; sample: FeedSample } {
  const floor = Math.min(now.mps, FLOOR_MPS);
  // nothing measured yet, or long ago (another campaign, a pause): from the floor
  if (!prev || now.now - prev.at > now.staleMs) {
    return { fed: floor, sample: { at: now.now, departed: now.departed, mps: floor } };
  }
  if (now.now - prev.at < MIN_SPAN_MS) return { fed: Math.min(now.mps, prev.mps), sample: prev };
  const observed = ((now.departed - prev.departed) * 1000) / (now.now - prev.at);
  const fed = Math.min(now.mps, Math.max(floor, Math.ceil(observed * CLIMB)));
  return { fed, sample: { at: now.now, departed: now.departed, mps: fed } };
}
