/** Message text with WhatsApp formatting, built as DOM nodes from parsed tokens (never innerHTML). */
import { formatMessage } from '../../lib/format.ts';

export function Formatted(props: { text: string; class?: string }) {
  return (
    <div class={`msg-text ${props.class ?? ''}`} dir="auto">
      {formatMessage(props.text)}
    </div>
  );
}
