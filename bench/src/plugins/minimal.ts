/**
 * The ceiling: the least a Node plugin can do and still speak the wire. One `data` handler that
 * splits on newlines, `JSON.parse`, `JSON.stringify`, and one write per input chunk. It builds
 * the same full-envelope publish (UUID, timestamp) as the SDK's default, so the comparison is fair.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";

const manifestText = readFileSync(path.join(__dirname, "..", "..", "nexo-plugin.toml"), "utf8");
const manifest = { plugin: { id: "bench", version: "1.0.0" }, raw: manifestText.length };
let rest = "";

process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk: string) => {
  const lines = (rest + chunk).split("\n");
  rest = lines.pop()!;
  let out = "";
  let stop = false;
  for (const line of lines) {
    if (!line) continue;
    const msg = JSON.parse(line);
    if (msg.method === "broker.event") {
      const event = {
        id: randomUUID(),
        timestamp: new Date().toISOString(),
        topic: "plugin.inbound.bench",
        source: "bench",
        session_id: msg.params.event.session_id ?? null,
        payload: msg.params.event.payload,
      };
      out += JSON.stringify({ jsonrpc: "2.0", method: "broker.publish", params: { topic: "plugin.inbound.bench", event } }) + "\n";
    } else if (msg.method === "tool.invoke") {
      out += JSON.stringify({ jsonrpc: "2.0", id: msg.id, result: msg.params.args }) + "\n";
    } else if (msg.method === "initialize") {
      out += JSON.stringify({ jsonrpc: "2.0", id: msg.id, result: { manifest, server_version: "bench-1.0.0" } }) + "\n";
    } else if (msg.method === "shutdown") {
      out += JSON.stringify({ jsonrpc: "2.0", id: msg.id, result: { ok: true } }) + "\n";
      stop = true;
    }
  }
  if (out) process.stdout.write(out);
  if (stop) process.stdin.destroy();
});
