/**
 * A loopback TCP relay with a gate, between a plugin and nats-server. While the gate is shut,
 * connections are accepted and closed at once, as a server that is not up yet would refuse
 * them; a test opens the gate once its own subscriber is back, so that what the plugin sends
 * after a reconnect is certain to find the subscriber there.
 */
import { createServer, connect, type Server, type Socket } from "node:net";

/** The relay: listens on {@link port}, forwards to the target port while open. */
export class TcpGate {
  private open = true;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly targetPort: number,
  ) {}

  /** Starts a relay on a free loopback port, forwarding to `targetPort`. */
  static start(targetPort: number): Promise<TcpGate> {
    return new Promise((resolve, reject) => {
      let gate: TcpGate | undefined;
      const server = createServer((socket) => gate?.accept(socket));
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        gate = new TcpGate(server, typeof address === "object" && address ? address.port : 0, targetPort);
        resolve(gate);
      });
    });
  }

  /** `nats://127.0.0.1:<relay port>`. */
  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** Lets connections through from now on. */
  openGate(): void {
    this.open = true;
  }

  /** Refuses new connections (existing ones end with the server's). */
  shutGate(): void {
    this.open = false;
  }

  /** Ends every relayed connection and stops listening. */
  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (!this.open) {
      client.destroy();
      return;
    }
    const upstream = connect(this.targetPort, "127.0.0.1");
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("error", () => undefined);
    }
    // pipe() ends each side when the other ends, after what was already read is written.
    client.pipe(upstream);
    upstream.pipe(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  }
}
