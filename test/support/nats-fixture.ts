/**
 * What the NATS-mode test files share: the plugin fixture they spawn, the stderr line that says
 * it is on NATS, and a server plus a test client for the tests of one file.
 */
import * as path from "node:path";
import { NatsPeer } from "./nats-peer";
import { NatsServer } from "./nats-server";

/** The plugin fixture of the NATS tests. */
export const NATS_FIXTURE = path.join(__dirname, "..", "fixtures", "nats-plugin", "main.js");

/** The stderr line a plugin writes once its NATS subscriptions are made. */
export const NATS_READY = /broker traffic on NATS at nats:\/\/127\.0\.0\.1:\d+: \d+ subscription/;

/** Starts a server and connects a test client before the file's tests; stops both after them. */
export function useNatsServer(): { readonly server: NatsServer; readonly peer: NatsPeer } {
  let server: NatsServer | undefined;
  let peer: NatsPeer | undefined;
  beforeAll(async () => {
    server = await NatsServer.start();
    peer = await NatsPeer.connect(server.url);
  });
  afterAll(async () => {
    await peer?.close();
    await server?.stop();
  });
  return {
    get server() {
      return server!;
    },
    get peer() {
      return peer!;
    },
  };
}
