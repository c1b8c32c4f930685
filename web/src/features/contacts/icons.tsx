import { SvgIcon } from '../../ui/Icon.tsx';

/** Extra icons for the contacts CRM, drawn like ui/Icon.tsx (24×24 strokes, decorative unless labelled). */
const PATHS = {
  users: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21a7 7 0 0 1 14 0M16 3.5a4 4 0 0 1 0 7.5M18 14.5a7 7 0 0 1 4 6.5',
  chat: 'M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-5A8 8 0 1 1 21 12z',
  tag: 'M3 12V4h8l10 10-8 8zM7.5 8.5h.01',
  filter: 'M3 5h18l-7 8.5V20l-4-2v-4.5z',
  upload: 'M12 16V4M7 9l5-5 5 5M5 20h14',
  edit: 'M4 20h4L19 9l-4-4L4 16zM14 6l4 4',
  block: 'M12 21a9 9 0 1 1 0-18 9 9 0 0 1 0 18zM5.6 5.6l12.8 12.8',
  restore: 'M4 12a8 8 0 1 0 2.3-5.7L4 8.6M4 4v4.6h4.6',
  bookmark: 'M6 3h12v18l-6-4-6 4z',
  fields: 'M4 5h16M4 12h16M4 19h10M18 17v4M16 19h4',
  consent: 'M12 3l7 3v6c0 4.5-3 7.5-7 9-4-1.5-7-4.5-7-9V6zM9 12l2 2 4-4',
  sort: 'M7 4v16M3 16l4 4 4-4M17 20V4M13 8l4-4 4 4',
  minus: 'M5 12h14',
} as const;

export type CrmIconName = keyof typeof PATHS;

export function CrmIcon(props: { name: CrmIconName; size?: number; label?: string }) {
  return <SvgIcon d={PATHS[props.name]} size={props.size} label={props.label} />;
}
