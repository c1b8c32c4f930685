/** The popup above the composer for "/" quick replies and "@" mentions (listbox, arrow keys + Enter). */
import { For, Show } from 'solid-js';

export interface SuggestionItem {
  id: string;
  label: string;
  detail?: string;
}

export function Suggestions(props: {
  label: string;
  items: SuggestionItem[];
  active: number;
  empty?: string;
  onPick: (i: number) => void;
}) {
  return (
    <div class="suggestions" data-testid="suggestions">
      <Show when={props.items.length} fallback={<p class="muted small pad">{props.empty}</p>}>
        <ul role="listbox" id="composer-suggestions" aria-label={props.label}>
          <For each={props.items}>
            {(item, i) => (
              <li
                role="option"
                id={`sugg-${i()}`}
                aria-selected={props.active === i()}
                class="suggestion"
                onMouseDown={(e) => {
                  e.preventDefault();
                  props.onPick(i());
                }}
                data-testid="suggestion"
              >
                <strong>{item.label}</strong>
                <Show when={item.detail}>
                  <span class="muted">{item.detail}</span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}
