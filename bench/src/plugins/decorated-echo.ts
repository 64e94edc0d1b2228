/** The echo as a decorated class run by `bootstrap`: one `@OnEvent`, one `@Tool`, no DTO. */
import * as path from "node:path";
import { bootstrap, NexoPlugin, OnEvent, Plugin, Tool, type Event } from "../../../dist";

@Plugin({ manifest: path.join(__dirname, "..", "..", "nexo-plugin.toml") })
class BenchEcho extends NexoPlugin {
  @OnEvent("plugin.outbound.bench")
  echo(event: Event): Promise<void> {
    return this.publish("plugin.inbound.bench", event.payload);
  }

  @Tool({ name: "bench_echo", description: "echo" })
  say(args: unknown): unknown {
    return args;
  }
}

void bootstrap(BenchEcho);
