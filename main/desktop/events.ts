// The core:event channel: pushes engine status (and update/settings changes) to the window's renderer.
import type { CoreEvent } from '../../preload/bridge.js';
import { EVENT_CHANNEL } from '../../preload/bridge.js';

export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

export class EventPublisher {
  private readonly targets = new Set<EventTarget>();
  private last = new Map<CoreEvent['type'], string>();

  add(target: EventTarget): () => void {
    this.targets.add(target);
    return () => this.targets.delete(target);
  }

  /** Sends the event to every live target; an unchanged status is not sent again. */
  publish(event: CoreEvent): void {
    const text = JSON.stringify(event);
    if (event.type === 'status' && this.last.get('status') === text) return;
    this.last.set(event.type, text);
    for (const target of this.targets) {
      if (target.isDestroyed()) this.targets.delete(target);
      else target.send(EVENT_CHANNEL, event);
    }
  }

  /** Lets a new page get the current status at once. */
  resend(): void {
    const status = this.last.get('status');
    this.last.delete('status');
    if (status) this.publish(JSON.parse(status) as CoreEvent);
  }
}
