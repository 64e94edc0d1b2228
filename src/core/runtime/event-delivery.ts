/**
 * Delivery of broker events to the plugin's event handlers: each handler runs detached from
 * the reader and isolated from the others, with a broker that publishes in the event's session.
 */
import type { BrokerSender } from "../broker/broker";
import type { Event } from "../broker/event";
import type { LogSink } from "../log";
import type { InFlight } from "./in-flight";
import type { RuntimeObservers } from "./observers";

/**
 * Handles a broker event, as in the seed SDK: the topic it was routed on, the event, and a
 * broker that publishes within the event's session.
 */
export type EventHandler = (topic: string, event: Event, broker: BrokerSender) => unknown;

/** What delivery needs from the adapter. */
export interface EventDeliveryOptions {
  readonly broker: BrokerSender;
  readonly inFlight: InFlight;
  readonly log: LogSink;
  /** False once the plugin is stopping: events are then dropped with a log line. */
  readonly accepting: () => boolean;
  /** Flow control's word on one more event; it logs its own refusals. */
  readonly admit: () => boolean;
  /**
   * Sees each valid event first and returns true to take it: a broker request on a service
   * topic, which then reaches no event handler (its own module tracks and answers it).
   */
  readonly claim?: (event: Event) => boolean;
  /** Told about the events no handler gets. */
  readonly observers?: RuntimeObservers;
}

/** The plugin's event handlers and their delivery. */
export class EventDelivery {
  private readonly handlers: EventHandler[] = [];

  constructor(private readonly options: EventDeliveryOptions) {}

  /** Adds a handler; several handlers all run, in the order they were added. */
  add(handler: EventHandler): void {
    this.handlers.push(handler);
  }

  /** Delivers one event, as the broker transport received it. */
  deliver(event: Event): void {
    const { log, inFlight } = this.options;
    if (this.options.claim?.(event)) return;
    if (!this.options.accepting()) {
      log(`broker.event on ${event.topic} dropped: the plugin is shutting down`);
      this.options.observers?.eventDropped?.("", "shutting_down");
      return;
    }
    if (!this.options.admit()) {
      this.options.observers?.eventDropped?.("", "overloaded");
      return;
    }
    const broker = this.options.broker.withSession(event.sessionId);
    for (const handler of this.handlers) {
      inFlight.run(`event handler for ${event.topic}`, () => handler(event.topic, event, broker));
    }
  }
}
