/** Inline SVG icons (24×24 strokes), decorative unless given a label. */
import type { JSX } from 'solid-js';

const PATHS = {
  back: 'M15 18l-6-6 6-6',
  search: 'M11 19a8 8 0 1 1 0-16 8 8 0 0 1 0 16zM21 21l-4.35-4.35',
  send: 'M4 20l16-8L4 4l2 8-2 8zM6 12h8',
  attach:
    'M21 11.5l-8.6 8.6a5.5 5.5 0 0 1-7.8-7.8l8.6-8.6a3.7 3.7 0 0 1 5.2 5.2L9.8 17.5a1.8 1.8 0 0 1-2.6-2.6l7.9-7.9',
  emoji: 'M12 21a9 9 0 1 1 0-18 9 9 0 0 1 0 18zM8.5 14.5s1.3 2 3.5 2 3.5-2 3.5-2M9 9.5h.01M15 9.5h.01',
  more: 'M12 6h.01M12 12h.01M12 18h.01',
  close: 'M6 6l12 12M18 6L6 18',
  info: 'M12 21a9 9 0 1 1 0-18 9 9 0 0 1 0 18zM12 11v5M12 8h.01',
  lock: 'M6 11h12v9H6zM8.5 11V8a3.5 3.5 0 0 1 7 0v3',
  retry: 'M4 12a8 8 0 0 1 14-5.3L20 9M20 4v5h-5M20 12a8 8 0 0 1-14 5.3L4 15M4 20v-5h5',
  doc: 'M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8zM14 3v5h5M9 13h6M9 17h6',
  image: 'M4 5h16v14H4zM4 16l4.5-4.5 4 4 2.5-2.5L20 18M15.5 9.5h.01',
  map: 'M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21zM12 12a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z',
  user: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0',
  settings:
    'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19.4 13.5l1.6 1.2-2 3.4-1.9-.7a7 7 0 0 1-1.7 1l-.3 2H11l-.3-2a7 7 0 0 1-1.7-1l-1.9.7-2-3.4 1.6-1.2a7 7 0 0 1 0-3L5 9.3l2-3.4 1.9.7a7 7 0 0 1 1.7-1L11 3.6h4l.3 2a7 7 0 0 1 1.7 1l1.9-.7 2 3.4-1.6 1.2a7 7 0 0 1 0 3z',
  logout: 'M15 4h4v16h-4M10 17l5-5-5-5M15 12H3',
  list: 'M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01',
  reply: 'M9 14L4 9l5-5M4 9h10a6 6 0 0 1 6 6v4',
  download: 'M12 4v11M7 10l5 5 5-5M5 20h14',
  note: 'M5 4h14v11l-5 5H5zM14 20v-5h5',
  check: 'M5 12.5l4.5 4.5L19 7.5',
  plus: 'M12 5v14M5 12h14',
  chevron: 'M9 6l6 6-6 6',
  copy: 'M9 9h10v10H9zM5 15V5h10',
  clock: 'M12 21a9 9 0 1 1 0-18 9 9 0 0 1 0 18zM12 7v5l3 2',
  alert: 'M12 3l9.5 17h-19zM12 10v4M12 17h.01',
  template: 'M4 5h16v14H4zM8 9h8M8 13h5',
  trash: 'M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13',
  bell: 'M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0',
  install: 'M12 3v12M7 10l5 5 5-5M4 19h16',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon(props: {
  name: IconName;
  size?: number;
  label?: string;
  class?: string;
  style?: JSX.CSSProperties;
}) {
  return (
    <SvgIcon d={PATHS[props.name]} size={props.size} label={props.label} class={props.class} style={props.style} />
  );
}

/** The shared 24×24 stroke shell; feature code with its own paths (kept in its lazy chunk) uses it too. */
export function SvgIcon(props: {
  d: string;
  size?: number | undefined;
  label?: string | undefined;
  class?: string | undefined;
  style?: JSX.CSSProperties | undefined;
}) {
  return (
    <svg
      class={`icon ${props.class ?? ''}`}
      width={props.size ?? 22}
      height={props.size ?? 22}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
      role={props.label ? 'img' : undefined}
      aria-label={props.label}
      aria-hidden={props.label ? undefined : 'true'}
      style={props.style}
    >
      <path d={props.d} />
    </svg>
  );
}
