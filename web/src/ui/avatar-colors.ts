/** Avatar backgrounds: a hue per contact (stable), dark enough that white initials pass AA on every hue. */
export const HUES = [172, 200, 262, 330, 24, 45, 140, 215];

export function avatarHue(seed: string): number {
  let h = 0;
  for (let i = 0; i < seed.length; i++) h = (h * 31 + seed.charCodeAt(i)) >>> 0;
  return HUES[h % HUES.length]!;
}

/** 30 % lightness: ≥ 5.3:1 with white for every hue (34 % gave 4.4:1 on teal). */
export const avatarBackground = (hue: number) => `hsl(${hue} 55% 30%)`;
