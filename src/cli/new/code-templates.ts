/**
 * The TypeScript files of a new plugin project: the plugin class, its DTOs, the entry point and
 * a Jest test on `PluginTestHost`.
 */
import type { ScaffoldNames } from "./names";

/** `src/plugin.ts`: one `@OnEvent`, one `@Tool` with an input DTO, one `@OnShutdown`. */
export function pluginSource(names: ScaffoldNames): string {
  return `/**
 * The ${names.id} plugin: ${names.description}
 */
import { NexoPlugin, OnEvent, OnShutdown, Plugin, Tool, textResult, type Event, type TextToolResult } from "nexoai";
import { GreetArgs, Note } from "./dto";

/** Where the plugin reports back to the agent (allowed by the manifest's channel). */
const INBOUND = "plugin.inbound.${names.id}";

@Plugin()
export class ${names.className} extends NexoPlugin {
  private notes = 0;

  /** A note the agent sends on the channel: acknowledged on the inbound topic. */
  @OnEvent("plugin.outbound.${names.id}", { payload: Note })
  async onNote(event: Event<Note>): Promise<void> {
    this.notes += 1;
    await this.publish(INBOUND, { received: event.payload.text });
  }

  @Tool({ name: "${names.id}_greet", description: "Greet someone by name", input: GreetArgs })
  greet(args: GreetArgs): TextToolResult {
    return textResult(\`Hello, \${args.name}!\`);
  }

  @OnShutdown()
  close(): void {
    this.log.info("shutting down", { notes: this.notes });
  }
}
`;
}

/** `src/dto.ts`. */
export function dtoSource(names: ScaffoldNames): string {
  return `/**
 * What the ${names.id} plugin accepts, as class-validator DTOs: payloads and tool arguments are
 * validated against them, and the tool's input schema is generated from them.
 */
import { IsNotEmpty, IsString, MaxLength } from "class-validator";

/** The payload of \`plugin.outbound.${names.id}\`. */
export class Note {
  @IsString()
  @IsNotEmpty()
  text!: string;
}

/** Arguments of the \`${names.id}_greet\` tool. */
export class GreetArgs {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;
}
`;
}

/** `src/main.ts`, the entry point the daemon starts. */
export function mainSource(names: ScaffoldNames): string {
  return `/**
 * The entry point: the daemon starts this file (through the release's bin/${names.id}) as a child
 * process speaking JSON-RPC on stdin/stdout.
 */
import { bootstrap } from "nexoai";
import { ${names.className} } from "./plugin";

void bootstrap(${names.className});
`;
}

/** `test/plugin.test.ts`. */
export function testSource(names: ScaffoldNames): string {
  return `/**
 * The plugin run in-process by PluginTestHost, which plays the daemon over the real frame format.
 */
import * as path from "node:path";
import { PluginTestHost } from "nexoai/testing";
import { ${names.className} } from "../src/plugin";

const manifest = path.join(__dirname, "..", "nexo-plugin.toml");

let host: PluginTestHost<${names.className}>;

beforeEach(async () => {
  host = PluginTestHost.start(${names.className}, { manifest });
  await host.initialize();
});

afterEach(async () => {
  expect(await host.shutdown()).toBe(0);
  expect(host.peer.violations).toEqual([]);
});

test("advertises the greet tool with a schema generated from its DTO", async () => {
  const result = await host.initialize();
  expect(result["tools"]).toEqual([
    {
      name: "${names.id}_greet",
      description: "Greet someone by name",
      input_schema: { type: "object", properties: { name: { type: "string", minLength: 1, maxLength: 100 } }, required: ["name"] },
    },
  ]);
});

test("acknowledges a note on the inbound topic", async () => {
  host.event("plugin.outbound.${names.id}", { text: "hello" });
  const published = await host.waitForPublish("plugin.inbound.${names.id}");
  expect(published["event"]).toMatchObject({ source: "${names.id}", payload: { received: "hello" } });
});

test("greets by name", async () => {
  const reply = await host.invokeTool("${names.id}_greet", { name: "Ada" });
  expect(reply.result).toEqual({ content: [{ type: "text", text: "Hello, Ada!" }], is_error: false });
});

test("refuses arguments that break the DTO", async () => {
  const reply = await host.invokeTool("${names.id}_greet", { name: "" });
  expect(reply.error).toMatchObject({ code: -33402, data: { details: [{ property: "name" }] } });
});
`;
}
