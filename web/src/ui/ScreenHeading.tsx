/**
 * The heading of a pane that is a whole screen on a phone but sits beside the chat list from 768 px
 * (the chat): h1 when it is the screen, h2 under the list's h1 when both show — one h1 per screen.
 */
import { createSignal, type JSX } from 'solid-js';
import { Dynamic } from 'solid-js/web';

const query = typeof matchMedia === 'function' ? matchMedia('(min-width: 768px)') : undefined;
const [wide, setWide] = createSignal(query?.matches ?? false);
query?.addEventListener('change', (e) => setWide(e.matches));
export { wide };

export function ScreenHeading(props: { class?: string; id?: string; children: JSX.Element }) {
  return (
    <Dynamic component={wide() ? 'h2' : 'h1'} class={props.class} id={props.id}>
      {props.children}
    </Dynamic>
  );
}
