/**
 * A nats-server for the benchmark, on a free loopback port, stopped at the end.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";

/** The running server. */
export interface LocalNats {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts `nats-server` (from PATH) and resolves once it accepts clients. */
export async function startLocalNats(): Promise<LocalNats> {
  const port = await new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
  const child = spawn("nats-server", ["-a", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    let output = "";
    child.once("error", (error) => reject(new Error(`cannot start nats-server (is it on PATH?): ${error.message}`)));
    const onData = (chunk: Buffer): void => {
      output += chunk.toString("utf8");
      if (output.includes("Server is ready")) resolve();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
  });
  return {
    url: `nats://127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
