/**
 * `memory.vector_upsert`, `memory.vector_search` and `memory.vector_delete` over the wire
 * (EXTENSIONS.md), through both APIs: a working in-memory backend, the typed `-33301..-33304`
 * failures with their data, bad params and absent handlers.
 */
import { APIS, errorOf, startExtensions, stopExtensions } from "./support/extensions";
import type { Frame, WireHost } from "./support/wire-host";

const target = (collection: string): Frame => ({ backend: "mem", collection });

const RECORDS = [
  { id: "n1", content: "lunch at noon", embedding: [1, 0, 0], metadata: { kind: "food" } },
  { id: "n2", content: "report due in May", embedding: [0, 1, 0], metadata: { kind: "work" } },
  { id: "n3", content: "team lunch on Fridays", embedding: [0.9, 0.1, 0], metadata: { kind: "food" } },
];

describe.each(APIS)("vector backend through the %s API", (api) => {
  let host: WireHost;

  beforeAll(async () => {
    host = await startExtensions({ api }, { scope: "file" });
  });
  afterAll(() => stopExtensions(host));

  it("upserts records and answers the count (every record, when the handler returns nothing)", async () => {
    const reply = await host.request("memory.vector_upsert", { ...target("notes"), records: RECORDS });
    expect(reply["result"]).toEqual({ count: 3 });
  });

  it("searches by similarity, best first, within the limit, with metadata and filter", async () => {
    const reply = await host.request("memory.vector_search", { ...target("notes"), query: { embedding: [1, 0, 0], limit: 2 } });
    const matches = (reply["result"] as { matches: Array<Frame & { score: number }> }).matches;
    expect(matches.map((m) => m["id"])).toEqual(["n1", "n3"]);
    expect(matches[0]).toEqual({ id: "n1", content: "lunch at noon", score: 1, metadata: { kind: "food" } });
    const filtered = await host.request("memory.vector_search", {
      ...target("notes"),
      query: { embedding: [1, 0, 0], limit: 5, filter: { kind: "work" } },
    });
    expect((filtered["result"] as { matches: Frame[] }).matches.map((m) => m["id"])).toEqual(["n2"]);
  });

  it("deletes by id and answers how many went", async () => {
    const reply = await host.request("memory.vector_delete", { ...target("notes"), ids: ["n2", "unknown"] });
    expect(reply["result"]).toEqual({ count: 1 });
    const left = await host.request("memory.vector_search", { ...target("notes"), query: { embedding: [0, 1, 0], limit: 5 } });
    expect((left["result"] as { matches: Frame[] }).matches.map((m) => m["id"]).sort()).toEqual(["n1", "n3"]);
  });

  it.each([
    ["memory.vector_search", { ...target("nowhere"), query: { embedding: [1], limit: 1 } }, { code: -33301, data: { collection: "nowhere" } }],
    ["memory.vector_upsert", { ...target("notes"), records: [{ id: "x", content: "c", embedding: [1, 2] }] }, { code: -33302, data: { expected: 3, got: 2 } }],
    ["memory.vector_search", { ...target("throttled"), query: { embedding: [1], limit: 1 } }, { code: -33303, data: { retry_after_secs: 11 } }],
    ["memory.vector_delete", { ...target("readonly"), ids: ["a"] }, { code: -33304, message: "collection readonly is read-only" }],
  ])("answers %s with its typed failure %j", async (method, params, expected) => {
    expect(errorOf(await host.request(method, params))).toMatchObject(expected);
  });

  it("answers -32603 naming the match when a search handler returns one the daemon could not read", async () => {
    await host.request("memory.vector_upsert", { ...target("bad-scores"), records: [RECORDS[0]] });
    const error = errorOf(await host.request("memory.vector_search", { ...target("bad-scores"), query: { embedding: [1, 0, 0], limit: 1 } }));
    expect(error.code).toBe(-32603);
    expect(error.message).toContain('the search of vector backend "mem" returned matches[0].score = "high", not a finite number');
  });

  it.each([
    ["memory.vector_upsert", { collection: "c", records: [] }, "params.backend"],
    ["memory.vector_upsert", { backend: "mem", records: [] }, "params.collection"],
    ["memory.vector_upsert", { ...target("c"), records: {} }, "params.records"],
    ["memory.vector_upsert", { ...target("c"), records: [{ id: "a", content: "c", embedding: [1, "2"] }] }, "params.records[0].embedding[1]"],
    ["memory.vector_upsert", { ...target("c"), records: [{ id: "a", embedding: [1] }] }, "params.records[0].content"],
    ["memory.vector_upsert", { ...target("c"), records: [{ id: "a", content: "c", embedding: [1], metadata: [] }] }, "params.records[0].metadata"],
    ["memory.vector_search", { ...target("c"), query: { embedding: [1] } }, "params.query.limit"],
    ["memory.vector_search", { ...target("c"), query: { embedding: [1], limit: -1 } }, "params.query.limit"],
    ["memory.vector_search", { ...target("c"), query: { embedding: [1], limit: 1, filter: "x" } }, "params.query.filter"],
    ["memory.vector_delete", { ...target("c"), ids: ["a", 2] }, "params.ids[1]"],
  ])("answers %s with bad params %j with -32602 naming %s", async (method, params, field) => {
    const error = errorOf(await host.request(method, params));
    expect(error.code).toBe(-32602);
    expect(error.message).toContain(field);
    expect(error.data).toEqual({ field });
  });

  it("answers a backend it does not serve with -32601 naming it", async () => {
    expect(errorOf(await host.request("memory.vector_delete", { backend: "pg", collection: "c", ids: [] }))).toEqual({
      code: -32601,
      message: 'method not found: memory.vector_delete (no handler for vector backend "pg"; this plugin serves "mem")',
    });
  });
});

describe.each(APIS)("a plugin without a vector backend (%s API)", (api) => {
  it("answers each vector method with -32601 saying no backend is registered", async () => {
    const host = await startExtensions({ api, surfaces: ["channels"] });
    for (const method of ["memory.vector_upsert", "memory.vector_search", "memory.vector_delete"]) {
      expect(errorOf(await host.request(method, { ...target("c"), records: [], ids: [], query: { embedding: [], limit: 1 } }))).toEqual({
        code: -32601,
        message: `method not found: ${method} (the plugin registered no vector backend)`,
      });
    }
    await stopExtensions(host);
  });
});
