/** Initials on a colour derived from the name (stable per contact), never an external image. */
const HUES = [172, 200, 262, 330, 24, 45, 140, 215];

export function initials(name: string): string {
  const words = name.replace(/[^\p{L}\p{N}\s]/gu, ' ').trim().split(/\s+/).filter(Boolean);
  if (!words.length) return '#';
  const first = Array.from(words[0]!)[0] ?? '';
  const last = words.length > 1 ? Array.from(words[words.length - 1]!)[0] ?? '' : '';
  return (first + last).toUpperCase();
}

function hue(seed: string): number {
  let h = 0;
  for (let i = 0; i < seed.length; i++) h = (h * 31 + seed.charCodeAt(i)) >>> 0;
  return HUES[h % HUES.length]!;
}

export function Avatar(props: { name: string; seed?: string; size?: number }) {
  return (
    <span class="avatar" aria-hidden="true" style={{ '--avatar-hue': String(hue(props.seed ?? props.name)), width: `${props.size ?? 44}px`, height: `${props.size ?? 44}px` }}>
      {initials(props.name)}
    </span>
  );
}
