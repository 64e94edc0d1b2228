/**
 * `hook.on_hook` over the wire (EXTENSIONS.md), through both APIs: typed events, the encoding
 * of each decision, hooks failing open with a stderr line, bad params and absent handlers.
 */
import { APIS, errorOf, startExtensions, stopExtensions } from "./support/extensions";
import type { Frame, WireHost } from "./support/wire-host";

const BUDGET_MS = 300;

function hook(host: WireHost, hookName: string, event: unknown, extra: Frame = {}): Promise<Frame> {
  return host.request("hook.on_hook", { plugin_id: "ext", hook_name: hookName, event, ...extra });
}

const message = (text: string): Frame => ({ agent_id: "kate", session_id: "s-1", text, source: { channel: "chat" } });

describe.each(APIS)("hooks through the %s API", (api) => {
  let host: WireHost;
  const handler = api === "decorators" ? " (ExtensionsPlugin.beforeMessage)" : "";

  beforeAll(async () => {
    host = await startExtensions({ api, hookBudgetMs: BUDGET_MS }, { scope: "file" });
  });
  afterAll(() => stopExtensions(host));

  it("hands before_message its typed event and the context, and continues when the handler returns nothing", async () => {
    const reply = await hook(host, "before_message", message("hello"));
    expect(reply["result"]).toEqual({ abort: false, decision: "allow" });
    const report = await host.waitFor((f) => f["method"] === "broker.publish");
    expect((report["params"] as { event: { payload: unknown } }).event.payload).toEqual({
      hook: "before_message",
      event: { agentId: "kate", sessionId: "s-1", text: "hello", source: { channel: "chat" } },
      pluginId: "ext",
      rawKeys: ["agent_id", "session_id", "source", "text"],
    });
  });

  it("encodes a block with both abort and decision, and do_not_reply_again only when asked", async () => {
    expect((await hook(host, "before_message", message("block")))["result"]).toEqual({
      abort: true,
      decision: "block",
      reason: "blocked by the fixture",
      do_not_reply_again: true,
    });
    expect((await hook(host, "before_message", message("block-once")))["result"]).toEqual({
      abort: true,
      decision: "block",
      reason: "blocked once",
    });
  });

  it("encodes a transform and an override", async () => {
    expect((await hook(host, "before_message", message("transform:quiet please")))["result"]).toEqual({
      abort: false,
      decision: "transform",
      transformed_body: "QUIET PLEASE",
    });
    expect((await hook(host, "before_message", message("override")))["result"]).toEqual({
      abort: false,
      decision: "allow",
      override: { text: "patched" },
    });
  });

  it("decodes before_tool_call: blocks one tool, rewrites the arguments of another", async () => {
    const call = (toolName: string): Frame => ({ agent_id: "kate", session_id: null, tool_name: toolName, arguments: { q: 1 } });
    expect((await hook(host, "before_tool_call", call("forbidden_tool")))["result"]).toEqual({
      abort: true,
      decision: "block",
      reason: "forbidden_tool is not allowed",
    });
    expect((await hook(host, "before_tool_call", call("weather")))["result"]).toEqual({
      abort: false,
      decision: "allow",
      override: { arguments: { q: 1, checked: true } },
    });
  });

  it("sends a block on after_tool_call as given and logs that the daemon ignores it; after_message continues", async () => {
    const finished = { agent_id: "kate", session_id: "s-1", tool_name: "weather", duration_ms: 12, result: null, error: "timeout" };
    expect((await hook(host, "after_tool_call", finished))["result"]).toMatchObject({ abort: true, decision: "block" });
    await host.waitForStderr(/hook after_tool_call.* blocked, but the daemon runs after_tool_call after the fact and ignores a block/);
    const ok = { ...finished, result: { temp: 20 }, error: null };
    expect((await hook(host, "after_tool_call", ok))["result"]).toEqual({ abort: false, decision: "allow" });
    const turn = { agent_id: "kate", session_id: "s-1", text_in: "hi", text_out: "hello" };
    expect((await hook(host, "after_message", turn))["result"]).toEqual({ abort: false, decision: "allow" });
  });

  it("hands a hook name it does not know the raw event", async () => {
    const event = { agent_id: "kate", anything: [1, 2], nested: { a: "b" } };
    expect((await hook(host, "audit_trail", event))["result"]).toEqual({ abort: false, decision: "allow" });
    const report = await host.waitFor(
      (f) => f["method"] === "broker.publish" && JSON.stringify(f["params"]).includes("audit_trail"),
    );
    expect((report["params"] as { event: { payload: unknown } }).event.payload).toEqual({ hook: "audit_trail", event });
  });

  it.each([
    ["throws", "throw", /threw: Error: hook exploded/],
    ["rejects", "reject", /rejected: Error: hook rejected/],
    ["returns something other than a HookDecision", "bogus", /returned \{"abort":true\}, not a HookDecision/],
  ])("fails open when the handler %s: continue, and a stderr line saying why", async (_label, text, why) => {
    expect((await hook(host, "before_message", message(text)))["result"]).toEqual({ abort: false, decision: "allow" });
    const line = await host.waitForStderr(why);
    expect(line).toContain(`hook before_message${handler}`);
    expect(line).toContain("replying continue (hooks fail open)");
  });

  it("fails open when the handler exceeds its budget, and logs the decision that came too late", async () => {
    expect((await hook(host, "before_message", message("slow")))["result"]).toEqual({ abort: false, decision: "allow" });
    await host.waitForStderr(new RegExp(`hook before_message.* did not decide within its ${BUDGET_MS} ms budget; replying continue`));
    await host.waitForStderr(/hook before_message.* decided after its 300 ms budget; .*"too late".* was dropped/);
  });

  it.each([
    ["params that are not an object", [1, 2], "params", -32602],
    ["no hook_name", { event: {} }, "params.hook_name", -32602],
    ["no event", { hook_name: "before_message" }, "params.event", -32602],
    ["a mistyped event field", { hook_name: "before_message", event: { ...message("x"), text: 5 } }, "params.event.text", -32602],
    ["a missing event field", { hook_name: "after_tool_call", event: { agent_id: "a", tool_name: "t" } }, "params.event.duration_ms", -32602],
  ])("answers %s with -32602 naming the field", async (_label, params, field, code) => {
    const error = errorOf(await host.request("hook.on_hook", params));
    expect(error.code).toBe(code);
    expect(error.message).toContain(field);
    expect(error.data).toEqual({ field });
  });

  it("answers a hook name without a handler with -32601 naming it and the handled ones", async () => {
    const error = errorOf(await hook(host, "before_sleep", {}));
    expect(error.code).toBe(-32601);
    expect(error.message).toContain('no handler for hook "before_sleep"');
    expect(error.message).toContain('"before_message", "before_tool_call"');
  });
});

describe.each(APIS)("a plugin without hooks (%s API)", (api) => {
  it("answers hook.on_hook with -32601 saying no hook handler is registered", async () => {
    const host = await startExtensions({ api, surfaces: ["llm"] });
    const error = errorOf(await hook(host, "before_message", message("hello")));
    expect(error).toEqual({ code: -32601, message: "method not found: hook.on_hook (the plugin registered no hook handler)" });
    await stopExtensions(host);
  });
});
