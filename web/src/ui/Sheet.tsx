/**
 * A modal dialog: a bottom sheet on phones, a centred panel on larger screens. Uses <dialog> so
 * focus is trapped and restored and Escape closes it natively.
 */
import { onCleanup, onMount, type JSX } from 'solid-js';
import { t } from '../i18n/index.ts';
import { Icon } from './Icon.tsx';

export function Sheet(props: {
  title: string;
  onClose: () => void;
  children: JSX.Element;
  wide?: boolean;
  testid?: string;
  footer?: JSX.Element;
}) {
  let ref!: HTMLDialogElement;
  onMount(() => {
    if (!ref.open) ref.showModal?.();
    const first = ref.querySelector<HTMLElement>('[autofocus], input, textarea, select, button:not(.sheet-close)');
    first?.focus();
  });
  onCleanup(() => ref.open && ref.close());
  return (
    <dialog
      ref={ref}
      class={`sheet ${props.wide ? 'sheet-wide' : ''}`}
      aria-labelledby="sheet-title"
      data-testid={props.testid}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
      onClick={(e) => {
        if (e.target === ref) props.onClose();
      }}
    >
      <div class="sheet-box">
        <header class="sheet-head">
          <h2 id="sheet-title">{props.title}</h2>
          <button
            type="button"
            class="icon-btn sheet-close"
            onClick={() => props.onClose()}
            aria-label={t('common.close')}
          >
            <Icon name="close" />
          </button>
        </header>
        <div class="sheet-body">{props.children}</div>
        {props.footer && <footer class="sheet-foot">{props.footer}</footer>}
      </div>
    </dialog>
  );
}
