/**
 * The day of the messages at the top of the chat, in a band of its own above the scrolling history.
 * It used to be a sticky separator floating over the history, where it hid the top of a message;
 * here it takes its own line, so it never covers one. The separators in the history stay in place.
 */
import { createSignal, onCleanup, onMount } from 'solid-js';
import { dayLabel } from '../../i18n/index.ts';

export function DayBar(props: { scroller: () => HTMLElement | undefined; now: number }) {
  const [at, setAt] = createSignal(0);
  let frame = 0;
  const update = () => {
    frame = 0;
    const el = props.scroller();
    if (!el) return;
    const top = el.getBoundingClientRect().top;
    let current = 0;
    for (const sep of el.querySelectorAll<HTMLElement>('.day-sep[data-at]')) {
      if (sep.getBoundingClientRect().top > top + 1 && current) break;
      current = Number(sep.dataset.at);
    }
    setAt(current);
  };
  const schedule = () => (frame ||= requestAnimationFrame(update));
  onMount(() => {
    const el = props.scroller();
    if (!el) return;
    el.addEventListener('scroll', schedule, { passive: true });
    // new messages, older pages and chat switches change the separators without a scroll
    const watch = new MutationObserver(schedule);
    watch.observe(el, { childList: true });
    schedule();
    onCleanup(() => {
      el.removeEventListener('scroll', schedule);
      watch.disconnect();
      cancelAnimationFrame(frame);
    });
  });
  // always there, even before the first message: the history must not shift when the label appears
  return (
    <div class="day-bar" aria-hidden="true" data-testid="day-bar">
      <span>{at() ? dayLabel(at(), props.now) : '\u00a0'}</span>
    </div>
  );
}
