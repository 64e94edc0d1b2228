/**
 * The values plugin code builds for the extension surfaces: hook decisions and the typed
 * failures, with the `data` each carries for the daemon.
 */
import {
  ChannelError,
  ChannelRateLimitedError,
  ChannelRecipientInvalidError,
  HookDecision,
  LlmModelNotFoundError,
  LlmProviderError,
  LlmRateLimitedError,
  PluginError,
  RpcReplyError,
  VectorDimensionMismatchError,
  VectorRateLimitedError,
  inboundTopic,
} from "../src";

describe("HookDecision", () => {
  it("encodes each helper as the daemon reads it", () => {
    expect(HookDecision.continue().toWire()).toEqual({ abort: false, decision: "allow" });
    expect(HookDecision.block("no").toWire()).toEqual({ abort: true, decision: "block", reason: "no" });
    expect(HookDecision.block("no", { doNotReplyAgain: true }).toWire()).toEqual({
      abort: true,
      decision: "block",
      reason: "no",
      do_not_reply_again: true,
    });
    expect(HookDecision.transform("b").toWire()).toEqual({ abort: false, decision: "transform", transformed_body: "b" });
    expect(HookDecision.override({ text: "t" }).toWire()).toEqual({ abort: false, decision: "allow", override: { text: "t" } });
  });

  it("is immutable, and an override keeps its own copy of the patch", () => {
    const patch = { text: "t" };
    const decision = HookDecision.override(patch);
    patch.text = "changed";
    expect(decision.override).toEqual({ text: "t" });
    expect(Object.isFrozen(decision)).toBe(true);
  });

  it.each([
    ["block without a reason string", () => HookDecision.block(undefined as never), /HookDecision.block needs a reason string, got undefined/],
    ["transform without a body string", () => HookDecision.transform(3 as never), /HookDecision.transform needs a body string, got 3/],
    ["override with a list", () => HookDecision.override([1] as never), /HookDecision.override needs an object, got \[1\]/],
  ])("refuses %s with a TypeError", (_label, build, message) => {
    expect(build).toThrow(TypeError);
    expect(build).toThrow(message);
  });
});

describe("typed failures", () => {
  it("carry their code and data, and belong to their surface", () => {
    const recipient = new ChannelRecipientInvalidError("@kate", "left the workspace");
    expect([recipient.code, recipient.data, recipient.recipient]).toEqual([-33003, { recipient: "@kate", reason: "left the workspace" }, "@kate"]);
    expect(recipient).toBeInstanceOf(ChannelError);
    expect(recipient).toBeInstanceOf(RpcReplyError);
    expect(recipient).toBeInstanceOf(PluginError);
    expect(recipient.name).toBe("ChannelRecipientInvalidError");
    const model = new LlmModelNotFoundError("gpt-9");
    expect([model.code, model.message, model.model, model.data]).toEqual([-33104, "model not found: gpt-9", "gpt-9", undefined]);
    expect(model).toBeInstanceOf(LlmProviderError);
    expect(new VectorDimensionMismatchError(3, 2).data).toEqual({ expected: 3, got: 2 });
  });

  it.each([
    ["ChannelRateLimitedError", (s: number) => new ChannelRateLimitedError(s)],
    ["LlmRateLimitedError", (s: number) => new LlmRateLimitedError(s)],
    ["VectorRateLimitedError", (s: number) => new VectorRateLimitedError(s)],
  ])("%s carries retry_after_secs and refuses anything but whole non-negative seconds", (_name, make) => {
    expect(make(12).data).toEqual({ retry_after_secs: 12 });
    for (const bad of [1.5, -1, Number.NaN]) expect(() => make(bad)).toThrow(RangeError);
  });
});

describe("inboundTopic", () => {
  it("names the kind's topic, with the instance when there is one", () => {
    expect(inboundTopic("chat")).toBe("plugin.inbound.chat");
    expect(inboundTopic("chat", null)).toBe("plugin.inbound.chat");
    expect(inboundTopic("chat", "room1")).toBe("plugin.inbound.chat.room1");
  });
});
