/** Initials on a colour derived from the name (stable per contact), never an external image. */
import { avatarBackground, avatarHue } from './avatar-colors.ts';

export function initials(name: string): string {
  const words = name
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  if (!words.length) return '#';
  const first = Array.from(words[0]!)[0] ?? '';
  const last = words.length > 1 ? (Array.from(words[words.length - 1]!)[0] ?? '') : '';
  return (first + last).toUpperCase();
}

export function Avatar(props: { name: string; seed?: string; size?: number }) {
  const hue = () => avatarHue(props.seed ?? props.name);
  return (
    <span
      class="avatar"
      aria-hidden="true"
      style={{
        '--avatar-hue': String(hue()),
        '--avatar-bg': avatarBackground(hue()),
        width: `${props.size ?? 44}px`,
        height: `${props.size ?? 44}px`,
      }}
    >
      {initials(props.name)}
    </span>
  );
}
