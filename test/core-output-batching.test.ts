/**
 * Output batching: the answers to each input chunk leave in a write of their own, however many
 * chunks the event loop delivers in one turn. Under pipelined input, a write held back to the
 * end of the turn would gather the answers of every chunk read until then and keep all of them
 * (and the handlers awaiting them) alive meanwhile.
 */
import { PassThrough, Writable } from "node:stream";
import { PluginAdapter } from "../src";

const MANIFEST = `[plugin]
id = "batching"
version = "1.0.0"

[plugin.extends]
tools = ["batching_echo"]
`;

/** A stdout that records the ids of the replies in each write it is handed. */
class RecordingStdout extends Writable {
  readonly writes: number[][] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    const ids = chunk
      .toString("utf8")
      .split("\n")
      .filter((line) => line.length > 0)
      .map((line) => (JSON.parse(line) as { id: number }).id);
    this.writes.push(ids);
    done();
  }
}

function callLine(id: number): string {
  return JSON.stringify({ jsonrpc: "2.0", id, method: "tool.invoke", params: { plugin_id: "batching", tool_name: "batching_echo", args: { id } } }) + "\n";
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("output batching", () => {
  it("writes the answers of each of 40 chunks delivered in one turn separately, in order", async () => {
    const stdin = new PassThrough();
    const stdout = new RecordingStdout();
    const adapter = new PluginAdapter({ manifestToml: MANIFEST, stdin, stdout, stderr: new PassThrough() });
    adapter.onTool(async (invocation) => invocation.args);
    const running = adapter.run();

    const chunks = 40;
    const perChunk = 5;
    // Each chunk arrives in its own callback of the same check phase, as stdin reads of one
    // poll phase do: pending ticks and promises run between them, the event loop does not.
    await new Promise<void>((resolve) => {
      for (let c = 0; c < chunks; c++) {
        setImmediate(() => {
          let text = "";
          for (let i = 0; i < perChunk; i++) text += callLine(c * perChunk + i);
          stdin.write(text);
          if (c === chunks - 1) resolve();
        });
      }
    });
    await nextTurn();
    await adapter.idle();

    const expected = Array.from({ length: chunks }, (_, c) => Array.from({ length: perChunk }, (_, i) => c * perChunk + i));
    expect(stdout.writes).toEqual(expected);
    stdin.end();
    await running;
  });
});
