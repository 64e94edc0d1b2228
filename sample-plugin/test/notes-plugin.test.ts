/**
 * How we suggest testing a plugin: run the class in-process with PluginTestHost, which plays
 * the daemon over the real frame format, and assert on what the plugin sends back.
 */
import * as path from "node:path";
import type { JsonObject } from "nexoai";
import { PluginTestHost } from "nexoai/testing";
import { NotesPlugin } from "../src/notes-plugin";

const manifest = path.join(__dirname, "..", "nexo-plugin.toml");
const memory = [
  { content: "Kate prefers lunch at noon", agent_id: "kate" },
  { content: "The team lunch is on Fridays", agent_id: "kate" },
  { content: "Quarterly report due in May", agent_id: "kate" },
];

let host: PluginTestHost<NotesPlugin>;

beforeEach(async () => {
  host = PluginTestHost.start(NotesPlugin, { manifest, memory });
  await host.initialize();
});

afterEach(async () => {
  expect(await host.shutdown()).toBe(0);
  expect(host.peer.violations).toEqual([]);
});

test("advertises both tools with schemas generated from the DTOs", async () => {
  const reply = await host.peer.request("initialize", {});
  const tools = (reply.result as { tools: Array<{ name: string; input_schema: unknown }> }).tools;
  expect(tools.map((t) => t.name)).toEqual(["notes_search", "notes_summarize"]);
  expect(tools[0]!.input_schema).toEqual({
    type: "object",
    properties: { query: { type: "string", minLength: 1 }, limit: { type: "integer", minimum: 1, maximum: 20 } },
    required: ["query"],
  });
});

test("delivers a note and publishes a receipt in the event's session", async () => {
  host.event("plugin.outbound.notes.team_a", { to: "kate", text: "Lunch at noon?" }, { sessionId: "5f0c6a1e-2b7d-4c1a-9d3e-7a8b9c0d1e2f" });
  const published = await host.waitForPublish("plugin.inbound.notes");
  expect(published["event"]).toMatchObject({
    source: "notes",
    session_id: "5f0c6a1e-2b7d-4c1a-9d3e-7a8b9c0d1e2f",
    payload: { kind: "receipt", channel: "team_a", to: "kate", chars: 14 },
  });
});

test("an invalid note is logged and not delivered, while the audit log still sees it", async () => {
  host.event("plugin.outbound.notes.team_a", { to: "", text: "to nobody" });
  await host.idle();
  expect(host.peer.published).toEqual([]);
  expect(host.stderr.some((l) => l.includes("NotesPlugin.deliver") && l.includes("to should not be empty"))).toBe(true);
  expect(host.stderr.some((l) => l.includes("outbound event") && l.includes("plugin.outbound.notes.team_a"))).toBe(true);
});

test("notes_search answers from memory for the calling agent", async () => {
  const reply = await host.invokeTool("notes_search", { query: "lunch", limit: 1 }, { agentId: "kate" });
  expect(reply.result).toEqual({ content: [{ type: "text", text: "- Kate prefers lunch at noon" }], is_error: false });
  const recall = host.peer.frames.find((f) => f["method"] === "memory.recall");
  expect(recall?.["params"]).toEqual({ agent_id: "kate", query: "lunch", limit: 1 });
});

test("notes_search rejects arguments that break the DTO", async () => {
  const reply = await host.invokeTool("notes_search", { query: "lunch", limit: 99 });
  expect(reply.error).toMatchObject({ code: -33402, data: { details: [{ property: "limit" }] } });
});

test("a summarize request streams a completion back to its channel", async () => {
  host.event("plugin.outbound.notes.team_a.summarize", { since: "today" });
  const published = await host.waitForPublish("plugin.inbound.notes.team_a");
  const payload = (published["event"] as { payload: { kind: string; text: string; finish_reason: string } }).payload;
  expect(payload.kind).toBe("summary");
  expect(payload.text).toBe('echo: Summarise the team_a thread: {"since":"today"}');
  expect(payload.finish_reason).toBe("stop");
  const request = host.peer.frames.find((f) => f["method"] === "llm.complete");
  expect(request?.["params"]).toMatchObject({ stream: true, max_tokens: 256 });
});

test("notes_summarize asks the LLM with what memory holds", async () => {
  const reply = await host.invokeTool("notes_summarize", { topic: "lunch" }, { agentId: "kate" });
  expect(reply.result).toEqual({
    content: [{ type: "text", text: "echo: Summarise: Kate prefers lunch at noon / The team lunch is on Fridays" }],
    is_error: false,
  });
});

describe("configuration", () => {
  const instances: JsonObject[] = [
    { channel: "default", signature: "— the desk" },
    { channel: "team_a", signature: "— team A", maxChars: 10 },
  ];

  test("each instance signs the receipts of its channel and enforces its length limit", async () => {
    expect((await host.configure(instances)).result).toEqual({ ok: true });
    host.event("plugin.outbound.notes", { to: "kate", text: "Lunch at noon?" });
    const signed = await host.waitForPublish("plugin.inbound.notes");
    expect(signed["event"]).toMatchObject({ payload: { kind: "receipt", channel: "default", signed: "— the desk" } });
    host.event("plugin.outbound.notes.team_a", { to: "kate", text: "far too long for team A" });
    const refused = await host.waitForPublish((p) => (p["event"] as { payload: { kind: string } }).payload.kind === "refused");
    expect(refused["event"]).toMatchObject({ payload: { channel: "team_a", reason: "longer than 10 characters" } });
  });

  test("an instance that breaks the DTO is refused naming its index and field", async () => {
    const reply = await host.configure([{ channel: "default", signature: "ok" }, { channel: "Team A", signature: "" }]);
    expect(reply.error?.code).toBe(-32603);
    expect(reply.error?.message).toContain("[1].channel: channel must match");
    expect(reply.error?.message).toContain("[1].signature: signature should not be empty");
    expect(host.instance.config).toBeNull();
  });

  test("a hot reload naming a channel twice is refused and the running instances stay", async () => {
    await host.configure(instances);
    const reply = await host.configure([instances[0]!, instances[0]!]);
    expect(reply.error?.message).toBe('configuration refused: channel "default" is configured twice');
    expect(host.instance.config?.map((i) => i.channel)).toEqual(["default", "team_a"]);
  });
});

test("the before_message hook blocks a private note and lets any other message through", async () => {
  const hook = (text: string) =>
    host.peer.request("hook.on_hook", {
      plugin_id: "notes",
      hook_name: "before_message",
      event: { agent_id: "kate", session_id: "5f0c6a1e-2b7d-4c1a-9d3e-7a8b9c0d1e2f", text, source: "notes" },
    });
  expect((await hook("  #private my salary")).result).toEqual({
    abort: true,
    decision: "block",
    reason: "private notes are not shared with the agent",
    do_not_reply_again: true,
  });
  expect((await hook("lunch at noon?")).result).toEqual({ abort: false, decision: "allow" });
  expect(host.stderr.some((l) => l.includes("private note kept from the agent"))).toBe(true);
});
