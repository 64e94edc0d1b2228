/**
 * DTO validation of event payloads and tool arguments, and the tool input schemas generated
 * from class-validator metadata, through decorated plugins run by `PluginTestHost`.
 */
import { Type } from "class-transformer";
import {
  IsArray,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from "class-validator";
import {
  NexoPlugin,
  OnEvent,
  Plugin,
  Tool,
  ToolDeniedError,
  ToolUnavailableError,
  type Event,
  type EventContext,
  type ToolContext,
} from "../src";
import { manifest, startHost, stderrWith, stopHost, stopHosts } from "./fixtures/decorators/helpers";

afterEach(stopHosts);

class Address {
  @IsString()
  city!: string;

  @IsOptional()
  @IsString()
  zip?: string;
}

class Message {
  @IsString()
  @MaxLength(20)
  text!: string;

  @IsOptional()
  @IsInt()
  priority?: number;
}

class Letter {
  @IsString()
  to!: string;

  @ValidateNested()
  @Type(() => Address)
  address!: Address;
}

describe("event payload DTOs", () => {
  const seen: Array<{ handler: string; payload: unknown; isDto?: boolean; sameAsCtx?: boolean }> = [];
  beforeEach(() => (seen.length = 0));

  @Plugin()
  class Validating extends NexoPlugin {
    @OnEvent("msg.>", { payload: Message })
    typed(event: Event<Message>, ctx: EventContext<Message>): void {
      seen.push({
        handler: "typed",
        payload: { ...event.payload },
        isDto: event.payload instanceof Message,
        sameAsCtx: ctx.event.payload === event.payload,
      });
    }

    @OnEvent("msg.*")
    raw(event: Event): void {
      seen.push({ handler: "raw", payload: event.payload });
    }

    @OnEvent("letter", { payload: Letter })
    letter(event: Event<Letter>): void {
      seen.push({
        handler: "letter",
        payload: event.payload,
        isDto: event.payload instanceof Letter && event.payload.address instanceof Address,
      });
    }
  }

  it("delivers a valid payload as an instance of the DTO, with unknown properties stripped", async () => {
    const host = startHost(Validating);
    host.event("msg.in", { text: "hello", priority: 2, injected: "drop me" });
    await host.idle();

    expect(seen).toEqual([
      { handler: "typed", payload: { text: "hello", priority: 2 }, isDto: true, sameAsCtx: true },
      // The stripping is the typed handler's own copy: a handler without a DTO sees the raw payload.
      { handler: "raw", payload: { text: "hello", priority: 2, injected: "drop me" } },
    ]);
    expect(host.stderr).toEqual([]);
    await stopHost(host);
  });

  it("skips the handler of an invalid payload with one stderr line naming topic, Class.method and constraint; others still run", async () => {
    const host = startHost(Validating);
    host.event("msg.in", { text: 42 });
    await host.idle();

    expect(seen).toEqual([{ handler: "raw", payload: { text: 42 } }]);
    expect(host.stderr).toHaveLength(1);
    expect(stderrWith(host, "msg.in", "Validating.typed", "isString", "text")).toHaveLength(1);
    await stopHost(host);
  });

  it("names every failed constraint of every property", async () => {
    const host = startHost(Validating);
    host.event("msg.in", { text: "x".repeat(21), priority: 1.5 });
    await host.idle();

    expect(seen.map((s) => s.handler)).toEqual(["raw"]);
    expect(host.stderr).toHaveLength(1);
    expect(stderrWith(host, "msg.in", "Validating.typed", "maxLength", "isInt", "priority")).toHaveLength(1);
    await stopHost(host);
  });

  it("refuses a payload that is not an object", async () => {
    const host = startHost(Validating);
    host.event("msg.in", "just text");
    host.event("msg.in", null);
    host.event("msg.in", [1, 2]);
    await host.idle();

    expect(seen.map((s) => s.handler)).toEqual(["raw", "raw", "raw"]);
    expect(stderrWith(host, "msg.in", "Validating.typed", "isObject")).toHaveLength(3);
    expect(host.stderr).toHaveLength(3);
    await stopHost(host);
  });

  it("builds and validates a nested DTO", async () => {
    const host = startHost(Validating);
    host.event("letter", { to: "ana", address: { city: "Lima", extra: true } });
    host.event("letter", { to: "bob", address: { city: 7 } });
    await host.idle();

    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ handler: "letter", isDto: true });
    expect(seen[0]!.payload).toEqual(Object.assign(new Letter(), { to: "ana", address: Object.assign(new Address(), { city: "Lima" }) }));
    expect(host.stderr).toHaveLength(1);
    expect(stderrWith(host, "letter", "Validating.letter", "address.city", "isString")).toHaveLength(1);
    await stopHost(host);
  });
});

class SearchArgs {
  @IsString()
  query!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

class OptionalArgs {
  @IsOptional()
  @IsString()
  filter?: string;
}

@Plugin()
class ToolPlugin {
  @Tool({ name: "demo_search", description: "Search", input: SearchArgs })
  search(args: SearchArgs): unknown {
    return { isDto: args instanceof SearchArgs, args: { ...args } };
  }

  @Tool({ name: "demo_list", description: "List", input: OptionalArgs })
  list(args: OptionalArgs): unknown {
    return { isDto: args instanceof OptionalArgs, filter: args.filter ?? null };
  }

  @Tool({ name: "demo_raw", description: "No DTO" })
  raw(args: unknown): unknown {
    return { args };
  }
}

const TOOL_MANIFEST = manifest(["demo_search", "demo_list", "demo_raw"]);

describe("tool argument DTOs", () => {
  it("answers invalid arguments with -33402 and the flattened constraints as error.data.details", async () => {
    const host = startHost(ToolPlugin, { manifest: TOOL_MANIFEST });
    const reply = await host.invokeTool("demo_search", { query: 5, limit: 99 });
    expect(reply).toEqual({
      jsonrpc: "2.0",
      id: expect.any(Number),
      error: {
        code: -33402,
        message: expect.stringMatching(/^invalid argument: .*demo_search/),
        data: {
          details: [
            { property: "query", constraints: { isString: "query must be a string" } },
            { property: "limit", constraints: { max: "limit must not be greater than 50" } },
          ],
        },
      },
    });
    await stopHost(host);
  });

  it("passes valid arguments as an instance of the DTO, unknown properties stripped", async () => {
    const host = startHost(ToolPlugin, { manifest: TOOL_MANIFEST });
    const reply = await host.invokeTool("demo_search", { query: "cats", limit: 3, sneaky: true });
    expect(reply).toEqual({ jsonrpc: "2.0", id: expect.any(Number), result: { isDto: true, args: { query: "cats", limit: 3 } } });
    await stopHost(host);
  });

  it("accepts omitted arguments when every DTO property is optional", async () => {
    const host = startHost(ToolPlugin, { manifest: TOOL_MANIFEST });
    expect((await host.invokeTool("demo_list", null)).result).toEqual({ isDto: true, filter: null });
    expect((await host.invokeTool("demo_list", {})).result).toEqual({ isDto: true, filter: null });
    // Omitted arguments still fail a DTO with a required property.
    const required = await host.invokeTool("demo_search", null);
    expect(required.error?.code).toBe(-33402);
    expect(required.error?.data).toEqual({ details: [{ property: "query", constraints: { isString: "query must be a string" } }] });
    await stopHost(host);
  });

  it.each<[string, unknown, string]>([
    ["a string", "cats", "string"],
    ["a number", 12, "number"],
    ["an array", [{ query: "cats" }], "an array"],
    ["a boolean", true, "boolean"],
  ])("answers %s as arguments with -33402", async (_what, args, described) => {
    const host = startHost(ToolPlugin, { manifest: TOOL_MANIFEST });
    const reply = await host.invokeTool("demo_search", args as never);
    expect(reply.error?.code).toBe(-33402);
    expect(reply.error?.message).toMatch(/^invalid argument: /);
    expect(reply.error?.data).toEqual({
      details: [{ property: "", constraints: { isObject: expect.stringContaining(described) } }],
    });
    expect(reply.result).toBeUndefined();
    await stopHost(host);
  });

  it("accepts any object for a DTO without constraints (a tool taking no arguments), as its schema says", async () => {
    class NoArgs {}
    @Plugin()
    class NoArgsPlugin {
      @Tool({ name: "demo_ping", description: "Ping", input: NoArgs })
      ping(args: NoArgs): unknown {
        return { isDto: args instanceof NoArgs, keys: Object.keys(args) };
      }
    }
    const host = startHost(NoArgsPlugin, { manifest: manifest(["demo_ping"]) });
    const init = await host.initialize();
    expect(init["tools"]).toEqual([{ name: "demo_ping", description: "Ping", input_schema: { type: "object", properties: {} } }]);
    expect((await host.invokeTool("demo_ping", {})).result).toEqual({ isDto: true, keys: [] });
    expect((await host.invokeTool("demo_ping", { stray: 1 })).result).toEqual({ isDto: true, keys: [] });
    expect((await host.invokeTool("demo_ping", "not an object")).error?.code).toBe(-33402);
    await stopHost(host);
  });

  it("hands the arguments of a tool without DTO over untouched", async () => {
    const host = startHost(ToolPlugin, { manifest: TOOL_MANIFEST });
    expect((await host.invokeTool("demo_raw", [1, "two", { three: 3 }])).result).toEqual({ args: [1, "two", { three: 3 }] });
    expect((await host.invokeTool("demo_raw", null)).result).toEqual({ args: null });
    await stopHost(host);
  });
});

enum Color {
  Red = "red",
  Blue = "blue",
}

enum Level {
  Low,
  High,
}

class Tag {
  @IsString()
  @MaxLength(12)
  label!: string;
}

class Everything {
  @IsString()
  @MaxLength(40)
  title!: string;

  @IsInt()
  @Min(1)
  @Max(10)
  count!: number;

  @IsOptional()
  @IsString()
  note?: string;

  @IsIn(["asc", "desc"])
  order!: string;

  @IsEnum(Color)
  color!: Color;

  @IsOptional()
  @IsEnum(Level)
  level?: Level;

  @IsArray()
  @IsString({ each: true })
  keywords!: string[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Tag)
  tags!: Tag[];

  @ValidateNested()
  @Type(() => Address)
  address!: Address;

  @IsEmail()
  contact!: string;
}

describe("generated input schemas", () => {
  @Plugin()
  class SchemaPlugin extends NexoPlugin {
    @Tool({ name: "demo_everything", description: "All constraints", input: Everything })
    everything(): null {
      return null;
    }

    @Tool({
      name: "demo_explicit",
      description: "Explicit schema wins",
      input: SearchArgs,
      inputSchema: { type: "object", properties: { q: { type: "string" } }, required: ["q"] },
    })
    explicit(): null {
      return null;
    }

    @Tool({ name: "demo_bare", description: "No input" })
    bare(): null {
      return null;
    }

    @Tool({ name: "demo_first", description: "Declared after the others" })
    first(): null {
      return null;
    }
  }

  const ADDRESS_SCHEMA = {
    type: "object",
    properties: { city: { type: "string" }, zip: { type: "string" } },
    required: ["city"],
  };

  it("advertises the exact JSON Schema of a DTO, the explicit one, {} without input, in declaration order", async () => {
    const host = startHost(SchemaPlugin, {
      manifest: manifest(["demo_first", "demo_bare", "demo_explicit", "demo_everything"]),
    });
    const init = await host.initialize();

    expect(init["tools"]).toEqual([
      {
        name: "demo_everything",
        description: "All constraints",
        input_schema: {
          type: "object",
          properties: {
            title: { type: "string", maxLength: 40 },
            count: { type: "integer", minimum: 1, maximum: 10 },
            note: { type: "string" },
            order: { enum: ["asc", "desc"] },
            color: { enum: ["red", "blue"] },
            level: { enum: [0, 1] },
            keywords: { type: "array", items: { type: "string" } },
            tags: {
              type: "array",
              items: { type: "object", properties: { label: { type: "string", maxLength: 12 } }, required: ["label"] },
            },
            address: ADDRESS_SCHEMA,
            contact: { type: "string", format: "email" },
          },
          // `address` carries only @ValidateNested, which lets a missing value through, so the
          // schema must not call it required: schema and validation agree.
          required: ["title", "count", "order", "color", "keywords", "tags", "contact"],
        },
      },
      {
        name: "demo_explicit",
        description: "Explicit schema wins",
        input_schema: { type: "object", properties: { q: { type: "string" } }, required: ["q"] },
      },
      { name: "demo_bare", description: "No input", input_schema: {} },
      { name: "demo_first", description: "Declared after the others", input_schema: {} },
    ]);
    // Key order of the catalog entries is part of the exact frame.
    expect(Object.keys((init["tools"] as object[])[0]!)).toEqual(["name", "description", "input_schema"]);
    await stopHost(host);
  });

  it("omits required when every property is optional", async () => {
    @Plugin()
    class AllOptional {
      @Tool({ name: "demo_list", description: "List", input: OptionalArgs })
      list(): null {
        return null;
      }
    }
    const host = startHost(AllOptional, { manifest: manifest(["demo_list"]) });
    const init = await host.initialize();
    expect(init["tools"]).toEqual([
      { name: "demo_list", description: "List", input_schema: { type: "object", properties: { filter: { type: "string" } } } },
    ]);
    await stopHost(host);
  });

  it("leaves the tools key out of the initialize reply when the plugin has no tool", async () => {
    @Plugin()
    class NoTools {
      @OnEvent("x")
      x(): void {}
    }
    const host = startHost(NoTools);
    const init = await host.initialize();
    expect(Object.keys(init).sort()).toEqual(["manifest", "server_version"]);
    await stopHost(host);
  });
});

describe("tool dispatch", () => {
  @Plugin()
  class Outcomes extends NexoPlugin {
    private readonly prefix = "got";

    @Tool({ name: "demo_sync", description: "Returns synchronously" })
    sync(args: { n: number }): string {
      return `${this.prefix} ${args.n}`;
    }

    @Tool({ name: "demo_async", description: "Resolves" })
    async later(args: unknown, ctx: ToolContext): Promise<unknown> {
      await Promise.resolve();
      return { args, agent: ctx.agentId, tool: ctx.invocation.toolName, plugin: ctx.pluginId };
    }

    @Tool({ name: "demo_void", description: "Returns nothing" })
    nothing(): void {}

    @Tool({ name: "demo_throws", description: "Throws" })
    throws(): never {
      throw new Error("kaput");
    }

    @Tool({ name: "demo_busy", description: "Typed failure" })
    async busy(): Promise<never> {
      throw new ToolUnavailableError("try later", 250);
    }

    @Tool({ name: "demo_denied", description: "Typed failure" })
    denied(): never {
      throw new ToolDeniedError("not you");
    }
  }

  const OUTCOME_MANIFEST = manifest(["demo_sync", "demo_async", "demo_void", "demo_throws", "demo_busy", "demo_denied"]);

  it("answers each method's outcome with exactly one reply frame, `this` bound to the instance", async () => {
    const host = startHost(Outcomes, { manifest: OUTCOME_MANIFEST });
    const replies = await Promise.all([
      host.invokeTool("demo_sync", { n: 1 }),
      host.invokeTool("demo_async", [1], { agentId: "agent-1" }),
      host.invokeTool("demo_void"),
      host.invokeTool("demo_throws"),
      host.invokeTool("demo_busy"),
      host.invokeTool("demo_denied"),
      host.invokeTool("demo_unknown"),
    ]);
    const strip = replies.map(({ id: _id, ...rest }) => rest);
    expect(strip).toEqual([
      { jsonrpc: "2.0", result: "got 1" },
      { jsonrpc: "2.0", result: { args: [1], agent: "agent-1", tool: "demo_async", plugin: "demo" } },
      { jsonrpc: "2.0", result: null },
      { jsonrpc: "2.0", error: { code: -33403, message: "execution failed: kaput" } },
      { jsonrpc: "2.0", error: { code: -33404, message: "unavailable: try later", data: { retry_after_ms: 250 } } },
      { jsonrpc: "2.0", error: { code: -33405, message: "denied: not you" } },
      { jsonrpc: "2.0", error: { code: -33401, message: expect.stringMatching(/^tool not found: .*demo_unknown/) } },
    ]);
    // One reply per request, nothing else.
    expect(host.peer.frames).toHaveLength(7);
    await stopHost(host);
  });

  it("answers -32601 to tool.invoke when the plugin declares no tool", async () => {
    @Plugin()
    class EventsOnly {
      @OnEvent("x")
      x(): void {}
    }
    const host = startHost(EventsOnly);
    const reply = await host.invokeTool("demo_any", {});
    expect(reply.error?.code).toBe(-32601);
    await stopHost(host);
  });
});
