/**
 * The seed SDK's names and shapes, checked through the public API in-process: options, Event,
 * parsers, tool helpers and constants.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import {
  Event,
  parseLlmCompleteResult,
  parseMemoryEntry,
  PluginAdapter,
  PluginError,
  STDOUT_GUARD_MARKER,
  textResult,
  ToolError,
  ToolInvocationError,
  ToolNotFoundError,
  toolDefToJson,
  VERSION,
  WireError,
} from "../src";
import { replyTo, startInProcess } from "./support/in-process";

const MANIFEST = `[plugin]
id = "units"
version = "1.0.0"

[plugin.extends]
tools = ["units_a"]
`;

const quiet = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() };

describe("PluginAdapter options", () => {
  it("refuses an unknown key, listing the known ones", () => {
    const attempt = () => new PluginAdapter({ manifestToml: MANIFEST, onEvnt: () => undefined } as never);
    expect(attempt).toThrow(PluginError);
    expect(attempt).toThrow(/unknown PluginAdapter option "onEvnt"; known options: manifestToml, manifest, onEvent, onShutdown, onTool/);
  });

  it("refuses manifestToml together with manifest, and manifestToml that is not text", () => {
    expect(() => new PluginAdapter({ manifestToml: MANIFEST, manifest: MANIFEST, ...quiet })).toThrow(/manifestToml or manifest, not both/);
    expect(() => new PluginAdapter({ manifestToml: { plugin: {} } as never, ...quiet })).toThrow(/manifestToml must be TOML text/);
  });

  it("takes manifestToml as text: the plugin answers with that manifest's id", async () => {
    const h = startInProcess(MANIFEST);
    h.send({ id: 1, method: "initialize" });
    const init = (await h.next(replyTo(1)))["result"] as { manifest: { plugin: { id: string } } };
    expect(init.manifest.plugin.id).toBe("units");
    h.stdin.end();
    await h.running;
  });

  it("prefers onToolWithContext over onTool when both are given, as the seed does", async () => {
    const h = startInProcess(MANIFEST, {
      onTool: () => "plain",
      onToolWithContext: (_inv, ctx) => `with context of ${ctx.pluginId}`,
    });
    h.send({ id: 1, method: "tool.invoke", params: { tool_name: "units_a" } });
    expect((await h.next(replyTo(1)))["result"]).toBe("with context of units");
    h.stdin.end();
    await h.running;
  });

  it("registers onEvent and onShutdown given as options like the fluent calls", async () => {
    const seen: string[] = [];
    const h = startInProcess(MANIFEST, {
      onEvent: (topic, event) => void seen.push(`${topic} from ${event.source}`),
      onShutdown: () => void seen.push("shutdown hook"),
    });
    h.send({ method: "broker.event", params: { topic: "a.b", event: { topic: "a.b", source: "s", payload: 1 } } });
    h.send({ id: 9, method: "shutdown" });
    await h.next(replyTo(9));
    expect(seen).toEqual(["a.b from s", "shutdown hook"]);
    await h.running;
  });
});

describe("Event", () => {
  it("Event.new builds an event without envelope ids; toJSON writes the keys it has", () => {
    const event = Event.new("plugin.inbound.x", "x", { k: 1 });
    expect(event).toBeInstanceOf(Event);
    expect(event.toJSON()).toEqual({ topic: "plugin.inbound.x", source: "x", payload: { k: 1 } });
    expect(JSON.stringify(event)).toBe('{"topic":"plugin.inbound.x","source":"x","payload":{"k":1}}');
    expect(Event.toJson(event)).toEqual(event.toJSON());
  });

  it("fromJSON reads the full envelope and exposes the wire names beside the camelCase ones", () => {
    const wire = {
      id: "0194f3c0-0000-4000-8000-000000000001",
      timestamp: "2026-05-01T00:00:00Z",
      topic: "t.a",
      source: "s",
      session_id: "0194f3c0-0000-4000-8000-000000000002",
      payload: [1],
      correlation_id: "c-1",
      metadata: { m: true },
    };
    const event = Event.fromJSON(wire);
    expect(event.sessionId).toBe(wire.session_id);
    expect(event.session_id).toBe(wire.session_id);
    expect(event.correlation_id).toBe("c-1");
    expect(event.toJSON()).toEqual(wire);
    expect(Event.fromJson(wire).toJSON()).toEqual(wire);
  });

  it.each([
    [null, "event is not an object"],
    [{ source: "s", payload: 1 }, "event.topic is not a non-empty string"],
    [{ topic: "t", payload: 1 }, "event.source is not a non-empty string"],
  ])("fromJSON refuses %j with a WireError naming the key", (value, reason) => {
    expect(() => Event.fromJSON(value)).toThrow(WireError);
    expect(() => Event.fromJSON(value)).toThrow(`cannot read an event: ${reason}`);
  });
});

describe("parsers, tool helpers and constants", () => {
  it("parseMemoryEntry and parseLlmCompleteResult read wire objects leniently, wire names out", () => {
    expect(parseMemoryEntry({ id: "x1", agent_id: "a", content: "c", tags: ["t"], concept_tags: [], created_at: "2026-01-01T00:00:00Z", memory_type: null })).toEqual({
      id: "x1",
      agent_id: "a",
      content: "c",
      tags: ["t"],
      concept_tags: [],
      created_at: "2026-01-01T00:00:00Z",
      memory_type: null,
    });
    expect(parseMemoryEntry("junk")).toEqual({ id: "", agent_id: "", content: "", tags: [], concept_tags: [], created_at: "", memory_type: null });
    expect(parseLlmCompleteResult({ content: "hi", finish_reason: "stop", usage: { prompt_tokens: 5, completion_tokens: 2 } })).toEqual({
      content: "hi",
      finish_reason: "stop",
      usage: { prompt_tokens: 5, completion_tokens: 2 },
    });
    expect(parseLlmCompleteResult({ finish_reason: "length" })).toEqual({ content: null, finish_reason: "length", usage: { prompt_tokens: 0, completion_tokens: 0 } });
  });

  it("toolDefToJson, textResult and the error aliases have the peers' shapes", () => {
    expect(toolDefToJson({ name: "p_x", description: "d" })).toEqual({ name: "p_x", description: "d", input_schema: {} });
    expect(textResult("bad", true)).toEqual({ content: [{ type: "text", text: "bad" }], is_error: true });
    expect(ToolInvocationError).toBe(ToolError);
    const notFound = new ToolNotFoundError("p_x");
    expect([notFound.code, notFound.message, notFound.toolName, notFound.errorData()]).toEqual([-33401, "tool not found: p_x", "p_x", undefined]);
  });

  it("STDOUT_GUARD_MARKER is the peers' marker, and VERSION is package.json's version", () => {
    expect(STDOUT_GUARD_MARKER).toBe("[stdout-guard]");
    const pkg = JSON.parse(readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});

describe("broker.publish(topic, event)", () => {
  it("publishes an Event.new with its source, in the session of the event being handled", async () => {
    const session = "0194f3c0-0000-4000-8000-0000000000aa";
    const h = startInProcess(MANIFEST, {
      onEvent: (_topic, _event, broker) => broker.publish("plugin.inbound.units", Event.new("plugin.inbound.units", "elsewhere", { ok: true })),
    });
    h.send({ method: "broker.event", params: { topic: "a.b", event: { topic: "a.b", source: "s", session_id: session, payload: 1 } } });
    const frame = await h.next((f) => f["method"] === "broker.publish");
    const event = (frame["params"] as { event: Record<string, unknown> }).event;
    expect(event).toMatchObject({ topic: "plugin.inbound.units", source: "elsewhere", session_id: session, payload: { ok: true } });
    expect(typeof event["id"]).toBe("string");
    h.stdin.end();
    await h.running;
  });
});
