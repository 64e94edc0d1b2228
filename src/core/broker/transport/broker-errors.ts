/**
 * The failures of broker traffic: requests that get no usable reply, and publishes that cannot
 * be handed to the broker. All are {@link PluginError}s.
 */
import { PluginError } from "../../errors";

/** Base class of the broker transport's failures; `topic` names the topic involved. */
export class BrokerError extends PluginError {
  /** The topic of the failed publish or request. */
  readonly topic: string;

  constructor(topic: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.topic = topic;
  }
}

/** `broker.request` on the stdio bridge, which has no request path (SERVICES.md section 3). */
export class BrokerRequestUnsupportedError extends BrokerError {
  constructor(topic: string) {
    super(topic, `broker.request on ${topic} refused: the stdio bridge has no request path; requests need NATS mode`);
  }
}

/** No reply arrived within the request's timeout. */
export class BrokerRequestTimeoutError extends BrokerError {
  /** The timeout that expired, in milliseconds. */
  readonly timeoutMs: number;

  constructor(topic: string, timeoutMs: number, options?: { cause?: unknown }) {
    super(topic, `no reply to the request on ${topic} within ${timeoutMs} ms`, options);
    this.timeoutMs = timeoutMs;
  }
}

/** NATS answered at once that no subscriber serves the request's topic. */
export class BrokerNoResponderError extends BrokerError {
  constructor(topic: string, options?: { cause?: unknown }) {
    super(topic, `no responder serves ${topic} on NATS`, options);
  }
}

/** The reply to a request is not a Message (nor an Event wrapping one). */
export class BrokerReplyError extends BrokerError {
  constructor(topic: string, problem: string) {
    super(topic, `the reply to the request on ${topic} is not a Message: ${problem}`);
  }
}

/** NATS is disconnected and the SDK's publish buffer is full: this publish was not taken. */
export class BrokerBufferFullError extends BrokerError {
  /** The buffer's bound, in bytes of event JSON. */
  readonly limitBytes: number;

  constructor(topic: string, limitBytes: number) {
    super(topic, `publish on ${topic} refused: NATS is disconnected and ${limitBytes} bytes of publishes are already buffered`);
    this.limitBytes = limitBytes;
  }
}

/** NATS could not be reached at start-up, or the connection is closed: nothing can be sent. */
export class BrokerUnavailableError extends BrokerError {}
