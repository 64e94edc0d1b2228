/**
 * CONTRACT.md section 5: a host call made without a timeout of its own gives up after the
 * default 30 s, not before. Driven in-process on fake timers, so the test takes no 30 s.
 */
import { PassThrough } from "node:stream";
import { DEFAULT_RPC_TIMEOUT_MS, RpcTimeoutError, PluginAdapter } from "../src";

const MANIFEST = `[plugin]
id = "timing"
version = "1.0.0"
`;

afterEach(() => jest.useRealTimers());

test.each([
  ["memory.recall", (adapter: PluginAdapter) => adapter.broker.memoryRecall("agent-1", "q")],
  ["llm.complete", (adapter: PluginAdapter) => adapter.broker.llmComplete({ provider: "p", model: "m", messages: [{ role: "user", content: "hi" }] })],
] as const)("%s without options times out at exactly DEFAULT_RPC_TIMEOUT_MS (30 s)", async (method, call) => {
  // The writer and the reader still need real ticks; only the call's clock is faked.
  jest.useFakeTimers({ doNotFake: ["setImmediate", "nextTick", "queueMicrotask"] });
  expect(DEFAULT_RPC_TIMEOUT_MS).toBe(30_000);
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const requests: string[] = [];
  stdout.setEncoding("utf8").on("data", (chunk: string) => requests.push(...chunk.split("\n").filter(Boolean)));
  const adapter = new PluginAdapter({ manifest: MANIFEST, stdin, stdout, stderr: new PassThrough(), handleProcessSignals: false });
  const running = adapter.run();

  let outcome: unknown = "pending";
  call(adapter).then(
    (value) => (outcome = value),
    (error: unknown) => (outcome = error),
  );
  await new Promise((resolve) => setImmediate(resolve));
  expect(requests.map((l) => (JSON.parse(l) as { method: string }).method)).toEqual([method]);

  await jest.advanceTimersByTimeAsync(29_999);
  expect(outcome).toBe("pending");
  await jest.advanceTimersByTimeAsync(1);
  expect(outcome).toBeInstanceOf(RpcTimeoutError);
  expect(outcome).toMatchObject({ method, seconds: 30, message: `no host reply to ${method} within 30s` });

  stdin.end();
  expect(await running).toBe(0);
});
