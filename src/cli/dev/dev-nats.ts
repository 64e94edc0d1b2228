/**
 * NATS for `nexo-plugin dev --nats [url]`: the given server, or a local `nats-server` started
 * on a free loopback port, and a client playing the daemon's side of NATS mode (session events
 * published on their topics, the plugin's publishes watched).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import * as path from "node:path";
import type { NatsConnection } from "@nats-io/nats-core/lib/core";
import { DevInputError } from "./session-file";

/** The daemon's side of NATS during a dev session. */
export interface DevNats {
  /** The URL the plugin is given as `NEXO_BROKER_URL`. */
  readonly url: string;
  /** Whether this run started the server. */
  readonly started: boolean;
  /** Publishes an event body on its topic and resolves once the server has it. */
  publish(topic: string, body: string): Promise<void>;
  /** Sends a native NATS request (a bare Message body) and resolves with the reply body. */
  request(topic: string, body: string, timeoutMs: number): Promise<string>;
  /** Closes the client and stops a server this run started. */
  close(): Promise<void>;
}

const READY_WAIT_MS = 5000;

/**
 * Connects to `url`, or starts `nats-server` when no URL is given. `onMessage` sees every
 * message others publish (the client has no echo, so not the session's own events).
 *
 * @throws DevInputError when no URL is given and nats-server is not on PATH, or the server cannot be reached.
 */
export async function startDevNats(url: string | undefined, onMessage: (subject: string, body: string) => void): Promise<DevNats> {
  let server: ChildProcess | undefined;
  let target = url;
  if (target === undefined) {
    const binary = findOnPath("nats-server");
    if (!binary) throw new DevInputError("--nats", "", "nats-server is not on PATH: install it, or give a server as --nats nats://host:port");
    const port = await freePort();
    server = await startServer(binary, port);
    target = `nats://127.0.0.1:${port}`;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nats = require("@nats-io/transport-node") as { connect(options: Record<string, unknown>): Promise<NatsConnection> };
  let connection: NatsConnection;
  try {
    connection = await nats.connect({ servers: target.replace(/^nats:\/\//, ""), noEcho: true, name: "nexo-plugin dev" });
  } catch (error) {
    server?.kill("SIGTERM");
    throw new DevInputError("--nats", "", `cannot connect to ${target}: ${(error as Error).message}`);
  }
  connection.subscribe(">", { callback: (_error, msg) => onMessage(msg.subject, msg.string()) });
  return {
    url: target,
    started: server !== undefined,
    async publish(topic, body) {
      connection.publish(topic, body);
      await connection.flush();
    },
    async request(topic, body, timeoutMs) {
      return (await connection.request(topic, body, { timeout: timeoutMs })).string();
    },
    async close() {
      await connection.close().catch(() => undefined);
      if (server && server.exitCode === null) {
        const exited = new Promise((resolve) => server!.once("exit", resolve));
        server.kill("SIGTERM");
        await exited;
      }
    },
  };
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env["PATH"] ?? "").split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Starts nats-server on the loopback port and resolves once it accepts clients. */
function startServer(binary: string, port: number): Promise<ChildProcess> {
  const child = spawn(binary, ["-a", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      child.kill("SIGTERM");
      reject(new DevInputError("--nats", "", `nats-server did not start: ${why}`));
    };
    const timer = setTimeout(() => fail(`not ready within ${READY_WAIT_MS} ms: ${output.trim()}`), READY_WAIT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString("utf8");
      if (output.includes("Server is ready")) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("error", (error) => {
      clearTimeout(timer);
      fail(error.message);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(`it exited with ${String(code)}: ${output.trim()}`);
    });
  });
}
