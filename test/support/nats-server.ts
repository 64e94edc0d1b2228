/**
 * A real `nats-server` for the NATS-mode tests: started on a free loopback port per test file,
 * restartable on the same port, stopped after the file. Without `nats-server` on PATH the
 * tests say so in one line and are skipped, unless NEXO_REQUIRE_NATS=1 (CI), which turns the
 * skip into a failure.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { get } from "node:http";
import { createServer } from "node:net";
import * as path from "node:path";

/** The `nats-server` binary on PATH, or undefined. */
export function findNatsServer(): string | undefined {
  for (const dir of (process.env["PATH"] ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, "nats-server");
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * `describe`, when nats-server is available. Otherwise one line on stderr and a skipped block,
 * or, with NEXO_REQUIRE_NATS=1, a failing test saying what is missing.
 */
export function describeWithNats(name: string, body: () => void): void {
  if (findNatsServer() !== undefined) {
    describe(name, body);
    return;
  }
  if (process.env["NEXO_REQUIRE_NATS"] === "1") {
    describe(name, () => {
      test("nats-server is available", () => {
        throw new Error("nats-server is not on PATH and NEXO_REQUIRE_NATS=1 requires the NATS tests to run (apt-get install nats-server)");
      });
    });
    return;
  }
  process.stderr.write(`skipping "${name}": nats-server is not on PATH (apt-get install nats-server runs these tests)\n`);
  describe.skip(name, body);
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const READY_WAIT_MS = 10_000;

/** One nats-server process on a fixed loopback port. */
export class NatsServer {
  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;

  private constructor(
    readonly port: number,
    private readonly monitorPort: number,
  ) {}

  /** Starts a server on a free port, with its monitoring endpoint on another, and resolves once it accepts clients. */
  static async start(): Promise<NatsServer> {
    const server = new NatsServer(await freePort(), await freePort());
    await server.startAgain();
    return server;
  }

  /** `nats://127.0.0.1:<port>`. */
  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** Whether the process is running. */
  get running(): boolean {
    return this.child !== undefined;
  }

  /** Starts the server again on the same port, after {@link stop}. */
  async startAgain(): Promise<void> {
    if (this.child) throw new Error("nats-server is already running");
    const binary = findNatsServer();
    if (!binary) throw new Error("nats-server is not on PATH");
    const child = spawn(binary, ["-a", "127.0.0.1", "-p", String(this.port), "-m", String(this.monitorPort)], { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    let output = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`nats-server did not get ready on ${this.port}: ${output}`)), READY_WAIT_MS);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString("utf8");
        if (output.includes("Server is ready")) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", onData);
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`nats-server exited with ${String(code)} before it was ready: ${output}`));
      });
    });
  }

  /** How many messages clients have published to this server process (its `/varz` `in_msgs`). */
  inMsgs(): Promise<number> {
    return new Promise((resolve, reject) => {
      get(`http://127.0.0.1:${this.monitorPort}/varz`, (response) => {
        let body = "";
        response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve((JSON.parse(body) as { in_msgs: number }).in_msgs));
      }).on("error", reject);
    });
  }

  /** Stops the server (SIGTERM: clients see their connection close) and waits for its exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    child.kill("SIGTERM");
    await this.exited;
  }
}
