/**
 * The events of `hook.on_hook`, typed per hook name, and their decoding from the wire's
 * snake_case keys. A name the SDK does not know (any other id in `[plugin.extends].hooks`)
 * gets its event as the JSON object the daemon sent.
 */
import type { BrokerSender } from "../../broker/broker";
import type { JsonObject, JsonValue } from "../../wire/wire";
import {
  readJson,
  readName,
  readNullableString,
  readNumber,
  readObject,
  readString,
  type Fields,
} from "../params";

/** `before_message`: an inbound message is about to start an agent turn; blocking skips the turn. */
export interface BeforeMessageEvent {
  readonly agentId: string;
  readonly sessionId: string | null;
  /** The message text. */
  readonly text: string;
  /** Where the message came from, as the daemon describes it. */
  readonly source: JsonValue;
}

/** `before_tool_call`: the agent is about to call a tool; blocking replaces the call by a "blocked" result. */
export interface BeforeToolCallEvent {
  readonly agentId: string;
  readonly sessionId: string | null;
  readonly toolName: string;
  /** The arguments the model chose. */
  readonly arguments: JsonValue;
}

/** `after_tool_call`: a tool call finished (it cannot be blocked any more). */
export interface AfterToolCallEvent {
  readonly agentId: string;
  readonly sessionId: string | null;
  readonly toolName: string;
  readonly durationMs: number;
  /** The tool's result, `null` when it failed. */
  readonly result: JsonValue;
  /** The failure, `null` when it succeeded. */
  readonly error: JsonValue;
}

/** `after_message`: an agent turn finished (it cannot be blocked any more). */
export interface AfterMessageEvent {
  readonly agentId: string;
  readonly sessionId: string | null;
  readonly textIn: string;
  readonly textOut: string;
}

/** The event of each hook name the daemon documents. */
export interface HookEvents {
  before_message: BeforeMessageEvent;
  before_tool_call: BeforeToolCallEvent;
  after_tool_call: AfterToolCallEvent;
  after_message: AfterMessageEvent;
}

/** The event a handler of hook `N` receives: typed for a documented name, the raw object otherwise. */
export type HookEventOf<N extends string> = N extends keyof HookEvents ? HookEvents[N] : JsonObject;

/** What a hook handler gets besides the event. */
export interface HookContext {
  /** The hook being run, such as `before_message`. */
  readonly hookName: string;
  /** `params.plugin_id` of the request (the manifest id when absent). */
  readonly pluginId: string;
  /** The event exactly as the daemon sent it, snake_case keys and all. */
  readonly rawEvent: JsonObject;
  /** Sends events and host calls while the hook runs. */
  readonly broker: BrokerSender;
}

/** The hooks on which a block does nothing: the daemon runs them after the fact. */
export const NON_BLOCKING_HOOKS: ReadonlySet<string> = new Set(["after_tool_call", "after_message"]);

type Decoder = (event: Fields, at: string) => object;

const common = (event: Fields, at: string): { agentId: string; sessionId: string | null } => ({
  agentId: readString(event["agent_id"], `${at}.agent_id`),
  sessionId: readNullableString(event["session_id"], `${at}.session_id`),
});

const DECODERS: Record<keyof HookEvents, Decoder> = {
  before_message: (event, at): BeforeMessageEvent => ({
    ...common(event, at),
    text: readString(event["text"], `${at}.text`),
    source: readJson(event["source"]),
  }),
  before_tool_call: (event, at): BeforeToolCallEvent => ({
    ...common(event, at),
    toolName: readName(event["tool_name"], `${at}.tool_name`),
    arguments: readJson(event["arguments"]),
  }),
  after_tool_call: (event, at): AfterToolCallEvent => ({
    ...common(event, at),
    toolName: readName(event["tool_name"], `${at}.tool_name`),
    durationMs: readNumber(event["duration_ms"], `${at}.duration_ms`),
    result: readJson(event["result"]),
    error: readJson(event["error"]),
  }),
  after_message: (event, at): AfterMessageEvent => ({
    ...common(event, at),
    textIn: readString(event["text_in"], `${at}.text_in`),
    textOut: readString(event["text_out"], `${at}.text_out`),
  }),
};

/**
 * Decodes `params.event` for hook `hookName`.
 *
 * @throws RpcReplyError `-32602` naming the first field that is missing or mistyped.
 */
export function decodeHookEvent(hookName: string, value: unknown): { event: object; raw: JsonObject } {
  const raw = readObject(value, "params.event") as JsonObject;
  const decode = Object.prototype.hasOwnProperty.call(DECODERS, hookName) ? DECODERS[hookName as keyof HookEvents] : undefined;
  return { event: decode ? decode(raw, "params.event") : raw, raw };
}
