/**
 * Interactive first. A recipient's lane keeps its order, except that an interactive send (a person's
 * reply, a system confirmation) goes before the bulk sends (campaign, automation) still waiting in it —
 * a customer who writes mid-campaign gets the answer before the rest of the campaign. Pure.
 */
export function laneSlot(
  lane: ReadonlyArray<{ bulk?: boolean | undefined }>,
  job: { bulk?: boolean | undefined },
): number {
  if (job.bulk) return lane.length;
  const firstBulk = lane.findIndex((j) => j.bulk);
  return firstBulk === -1 ? lane.length : firstBulk;
}
