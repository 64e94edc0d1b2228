/**
 * The adapter's method table: a surface registers a method and the dispatch loop answers it,
 * with exactly one reply per request, whatever the method does.
 */
import { ErrorCode, RpcReplyError, WireError } from "../src";
import { replyTo, startInProcess } from "./support/in-process";

const MANIFEST = `[plugin]
id = "table"
version = "1.0.0"
`;

test("a registered method answers with its value; undefined becomes null", async () => {
  const h = startInProcess(MANIFEST, {}, (a) => {
    a.methods.register("demo.echo", { handle: (request) => ({ echoed: request.params }) });
    a.methods.register("demo.nothing", { handle: () => undefined });
  });
  h.send({ id: 1, method: "demo.echo", params: { x: 1 } });
  h.send({ id: "two", method: "demo.nothing" });
  expect(await h.next(replyTo(1))).toEqual({ jsonrpc: "2.0", id: 1, result: { echoed: { x: 1 } } });
  expect(await h.next(replyTo("two"))).toEqual({ jsonrpc: "2.0", id: "two", result: null });
  h.stdin.end();
  expect(await h.running).toBe(0);
});

test("an RpcReplyError goes out as it is, data included; any other failure is -32603 and logged", async () => {
  const h = startInProcess(MANIFEST, {}, (a) => {
    a.methods.register("demo.refuse", {
      handle: () => {
        throw new RpcReplyError(ErrorCode.InvalidParams, "invalid params: x is required", { field: "x" });
      },
    });
    a.methods.register("demo.crash", { handle: async () => Promise.reject(new Error("disk on fire")) });
  });
  h.send({ id: 1, method: "demo.refuse" });
  h.send({ id: 2, method: "demo.crash" });
  expect((await h.next(replyTo(1)))["error"]).toEqual({ code: -32602, message: "invalid params: x is required", data: { field: "x" } });
  expect((await h.next(replyTo(2)))["error"]).toEqual({ code: -32603, message: "internal error: disk on fire" });
  expect(h.stderr.some((l) => l.includes("demo.crash failed") && l.includes("disk on fire"))).toBe(true);
  h.stdin.end();
  await h.running;
});

test("a result JSON cannot represent is an error reply, never a frame without result or error", async () => {
  const h = startInProcess(MANIFEST, {}, (a) => {
    a.methods.register("demo.bigint", { handle: () => ({ n: 1n }) });
    a.methods.register("demo.fn", { handle: async () => () => 1 });
  });
  h.send({ id: 1, method: "demo.bigint" });
  h.send({ id: 2, method: "demo.fn" });
  const first = (await h.next(replyTo(1)))["error"] as { code: number; message: string };
  const second = (await h.next(replyTo(2)))["error"] as { code: number; message: string };
  expect(first.code).toBe(-32603);
  expect(first.message).toMatch(/^internal error: result is not JSON-serializable/);
  expect(second.message).toContain("a function has no JSON representation");
  h.stdin.end();
  await h.running;
});

test("registering a method twice is refused, naming it", () => {
  expect(() =>
    startInProcess(MANIFEST, {}, (a) => {
      a.methods.register("demo.once", { handle: () => 1 });
      a.methods.register("demo.once", { handle: () => 2 });
    }),
  ).toThrow(new WireError("method demo.once is already registered"));
});

test("the lifecycle methods are entries of the table, and unregistered ones get -32601 with the reason", async () => {
  const h = startInProcess(MANIFEST);
  expect(h.adapter.methods.has("initialize")).toBe(true);
  expect(h.adapter.methods.has("shutdown")).toBe(true);
  h.send({ id: 1, method: "tool.invoke", params: { tool_name: "table_x" } });
  expect((await h.next(replyTo(1)))["error"]).toEqual({
    code: -32601,
    message: "method not found: tool.invoke (the plugin registered no tool handler)",
  });
  h.stdin.end();
  await h.running;
});

test("a method still running when the drain expires is answered -32603 before the ack, once", async () => {
  let release!: () => void;
  const h = startInProcess(MANIFEST, { drainTimeoutMs: 50 }, (a) => {
    a.methods.register("demo.hang", { handle: () => new Promise<string>((resolve) => (release = () => resolve("late"))) });
  });
  h.send({ id: 1, method: "demo.hang" });
  await new Promise((resolve) => setTimeout(resolve, 20));
  h.send({ id: 2, method: "shutdown" });
  const ack = await h.next(replyTo(2));
  expect(ack["result"]).toEqual({ ok: true });
  const hung = h.lines.findIndex((l) => l.includes('"id":1'));
  expect(hung).toBeGreaterThanOrEqual(0);
  expect(hung).toBeLessThan(h.lines.findIndex((l) => l.includes('"id":2')));
  expect(JSON.parse(h.lines[hung]!)["error"]).toEqual({ code: -32603, message: "demo.hang did not finish within the 50 ms shutdown drain" });
  release();
  await new Promise((resolve) => setImmediate(resolve));
  expect(h.lines.filter((l) => l.includes('"id":1'))).toHaveLength(1);
  expect(h.stderr.some((l) => l.includes("demo.hang finished after the shutdown drain"))).toBe(true);
  await h.running;
});

test("a method registered without duringShutdown is refused while stopping", async () => {
  let release!: () => void;
  const h = startInProcess(MANIFEST, {}, (a) => {
    a.methods.register("demo.slow", { handle: () => new Promise<void>((resolve) => (release = resolve)) });
    a.methods.register("demo.quick", { handle: () => "quick" });
  });
  h.send({ id: 1, method: "demo.slow" });
  await new Promise((resolve) => setTimeout(resolve, 10));
  h.send({ id: 2, method: "shutdown" });
  h.send({ id: 3, method: "demo.quick" });
  expect((await h.next(replyTo(3)))["error"]).toEqual({ code: -32603, message: "demo.quick refused: the plugin is shutting down" });
  release();
  expect((await h.next(replyTo(1)))["result"]).toBeNull();
  expect((await h.next(replyTo(2)))["result"]).toEqual({ ok: true });
  await h.running;
});

test("a method's notifications go out in order, all ahead of its reply", async () => {
  const h = startInProcess(MANIFEST, {}, (a) => {
    a.methods.register("demo.stream", {
      handle: async (request, context) => {
        for (const n of [1, 2, 3]) await context.notify("demo.delta", { request_id: request.id, n });
        // Queued without awaiting: still ahead of the reply, which is queued after the method settles.
        void context.notify("demo.delta", { request_id: request.id, n: 4 });
        return "done";
      },
    });
    a.methods.register("demo.sync", {
      handle: (_request, context) => {
        void context.notify("demo.bare");
        return "sync";
      },
    });
  });
  h.send({ id: 7, method: "demo.stream" });
  h.send({ id: 8, method: "demo.sync" });
  await h.next(replyTo(7));
  await h.next(replyTo(8));
  const frames = h.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const stream = frames.filter((f) => f["method"] === "demo.delta" || f["id"] === 7);
  expect(stream).toEqual([
    { jsonrpc: "2.0", method: "demo.delta", params: { request_id: 7, n: 1 } },
    { jsonrpc: "2.0", method: "demo.delta", params: { request_id: 7, n: 2 } },
    { jsonrpc: "2.0", method: "demo.delta", params: { request_id: 7, n: 3 } },
    { jsonrpc: "2.0", method: "demo.delta", params: { request_id: 7, n: 4 } },
    { jsonrpc: "2.0", id: 7, result: "done" },
  ]);
  const bare = frames.findIndex((f) => f["method"] === "demo.bare");
  expect(frames[bare]).toEqual({ jsonrpc: "2.0", method: "demo.bare" });
  expect(bare).toBeLessThan(frames.findIndex((f) => f["id"] === 8));
  h.stdin.end();
  await h.running;
});

test("a notification that cannot be serialized is refused to the method, which can still reply", async () => {
  const h = startInProcess(MANIFEST, {}, (a) => {
    a.methods.register("demo.bad", {
      handle: async (_request, context) => {
        const outcome = await context.notify("demo.delta", { n: 1n } as never).then(
          () => "sent",
          (error: Error) => `${error.name}: ${error.message}`,
        );
        return outcome;
      },
    });
  });
  h.send({ id: 1, method: "demo.bad" });
  expect((await h.next(replyTo(1)))["result"]).toMatch(/^WireError: demo.delta params are not JSON-serializable/);
  expect(h.lines).toHaveLength(1);
  h.stdin.end();
  await h.running;
});

test("a notification after the drain already answered the request is dropped with a stderr line, and refused to the method", async () => {
  let release!: () => void;
  let late: Promise<string> | undefined;
  const h = startInProcess(MANIFEST, { drainTimeoutMs: 30 }, (a) => {
    a.methods.register("demo.hang", {
      handle: async (_request, context) => {
        await new Promise<void>((resolve) => (release = resolve));
        late = context.notify("demo.delta", { n: 1 }).then(
          () => "sent",
          (error: Error) => error.message,
        );
        return "late";
      },
    });
  });
  h.send({ id: 1, method: "demo.hang" });
  await new Promise((resolve) => setTimeout(resolve, 10));
  h.send({ id: 2, method: "shutdown" });
  await h.next(replyTo(2));
  release();
  await new Promise((resolve) => setImmediate(resolve));
  expect(await late).toBe("demo.delta for request 1 dropped: its reply was already sent");
  expect(h.lines.some((l) => l.includes("demo.delta"))).toBe(false);
  expect(h.stderr.some((l) => l.includes("demo.delta for request 1 dropped: its reply was already sent"))).toBe(true);
  await h.running;
});

test("a method's notify works handed on apart from its context", async () => {
  const h = startInProcess(MANIFEST, {}, (a) => {
    a.methods.register("demo.detached", {
      handle: async (request, { notify }) => {
        const send = notify;
        await send("demo.delta", { request_id: request.id, n: 1 });
        return "detached";
      },
    });
  });
  h.send({ id: 1, method: "demo.detached" });
  expect((await h.next(replyTo(1)))["result"]).toBe("detached");
  expect(h.lines.map((l) => JSON.parse(l) as unknown)).toContainEqual({ jsonrpc: "2.0", method: "demo.delta", params: { request_id: 1, n: 1 } });
  h.stdin.end();
  await h.running;
});

test("an encodeError or drainExpired that throws still leaves each request its one reply, -32603, with both failures logged", async () => {
  const brokenEncoder = () => {
    throw new Error("encoder broke");
  };
  const h = startInProcess(MANIFEST, { drainTimeoutMs: 50 }, (a) => {
    a.methods.register("demo.syncfail", {
      handle: () => {
        throw new Error("sync failure");
      },
      encodeError: brokenEncoder,
    });
    a.methods.register("demo.asyncfail", { handle: async () => Promise.reject(new Error("async failure")), encodeError: brokenEncoder });
    a.methods.register("demo.hang", {
      handle: () => new Promise<never>(() => undefined),
      drainExpired: () => {
        throw new Error("drain hook broke");
      },
      encodeError: brokenEncoder,
    });
  });
  h.send({ id: 1, method: "demo.syncfail" });
  h.send({ id: 2, method: "demo.asyncfail" });
  expect((await h.next(replyTo(1)))["error"]).toEqual({ code: -32603, message: "internal error: sync failure" });
  expect((await h.next(replyTo(2)))["error"]).toEqual({ code: -32603, message: "internal error: async failure" });
  h.send({ id: 3, method: "demo.hang" });
  await new Promise((resolve) => setTimeout(resolve, 10));
  h.send({ id: 4, method: "shutdown" });
  expect((await h.next(replyTo(3)))["error"]).toEqual({ code: -32603, message: "internal error: drain hook broke" });
  expect((await h.next(replyTo(4)))["result"]).toEqual({ ok: true });
  for (const id of [1, 2, 3]) expect(h.lines.filter((l) => l.includes(`"id":${id},`))).toHaveLength(1);
  expect(h.stderr.filter((l) => l.includes("encoding its failure failed") && l.includes("encoder broke"))).toHaveLength(3);
  expect(h.stderr.some((l) => l.includes("demo.asyncfail failed") && l.includes("async failure"))).toBe(true);
  await h.running;
});
