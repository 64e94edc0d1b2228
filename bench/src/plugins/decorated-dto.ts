/** The decorated echo with a DTO on its tool, which makes the SDK load class-validator. */
import * as path from "node:path";
import { IsOptional, IsString } from "class-validator";
import { bootstrap, NexoPlugin, OnEvent, Plugin, Tool, type Event } from "../../../dist";

class EchoArgs {
  @IsOptional()
  @IsString()
  text?: string;
}

@Plugin({ manifest: path.join(__dirname, "..", "..", "nexo-plugin.toml") })
class BenchEchoDto extends NexoPlugin {
  @OnEvent("plugin.outbound.bench")
  echo(event: Event): Promise<void> {
    return this.publish("plugin.inbound.bench", event.payload);
  }

  @Tool({ name: "bench_echo", description: "echo", input: EchoArgs })
  say(args: EchoArgs): unknown {
    return args;
  }
}

void bootstrap(BenchEchoDto);
