/**
 * CONTRACT.md sections 3 (initialize) and 7 (manifest at startup), over a real child process.
 */
import { parse as parseToml } from "smol-toml";

import { startPlugin, type FixtureConfig } from "./support/fixture";
import { manifestToml, writeTempManifest, type Frame, type WireHost } from "./support/wire-host";

const RICH_MANIFEST = `
[plugin]
id = "slack"
version = "0.2.0"
name = "Slack Channel"
description = "Relays Slack messages"
min_nexo_version = ">=0.1.0"

[plugin.requires]
nexo_capabilities = ["broker"]

[plugin.entrypoint]
command = "/usr/local/bin/plugin-slack"
args = ["--quiet"]
env = { SLACK_MODE = "socket" }

[[plugin.channels.register]]
kind = "slack"
adapter = "SlackChannelAdapter"

[[plugin.channels.register]]
kind = "slack_events"
adapter = "SlackEventsAdapter"

[plugin.extends]
tools = ["slack_send", "ext_slack_lookup"]

[plugin.supervisor]
respawn = true
max_attempts = 3
backoff_ms = 500
stderr_tail_lines = 64

[plugin.capabilities.broker]
publish = ["custom.slack.>"]

[plugin.future_section]
released = 2026-05-01T00:00:00Z
ratio = 0.5
nested = { deep = [1, 2, 3] }
`;

function result(reply: Frame): Frame {
  expect(Object.keys(reply).sort()).toEqual(["id", "jsonrpc", "result"]);
  return reply["result"] as Frame;
}

async function initialize(config: FixtureConfig, params?: unknown): Promise<{ host: WireHost; result: Frame }> {
  const host = startPlugin(config);
  const reply = await host.request("initialize", params, { timeoutMs: 10_000 });
  return { host, result: result(reply) };
}

describe("initialize", () => {
  it("echoes the whole manifest and the default server_version, and nothing else", async () => {
    const { host, result: res } = await initialize({ manifest: RICH_MANIFEST }, { nexo_version: "0.1.0" });
    expect(Object.keys(res).sort()).toEqual(["manifest", "server_version"]);
    // The whole parsed document, as JSON would render it (TOML datetimes become strings).
    expect(res["manifest"]).toEqual(JSON.parse(JSON.stringify(parseToml(RICH_MANIFEST))));
    expect((res["manifest"] as { plugin: { future_section: unknown } }).plugin.future_section).toEqual({
      released: "2026-05-01T00:00:00.000Z",
      ratio: 0.5,
      nested: { deep: [1, 2, 3] },
    });
    expect(res["server_version"]).toBe("slack-0.2.0");
    // The unknown section only warns, on stderr.
    await host.waitForStderr(/unknown manifest key plugin\.future_section/);
    expect(host.violations).toEqual([]);
  });

  it("builds the default server_version from plugin.id and plugin.version", async () => {
    const manifest = manifestToml({ id: "acme_bot", version: "0.9.0-beta.1", channels: [] });
    const { host, result: res } = await initialize({ manifest });
    expect(res["server_version"]).toBe("acme_bot-0.9.0-beta.1");
    expect((res["manifest"] as { plugin: { id: string } }).plugin.id).toBe("acme_bot");
    expect(host.violations).toEqual([]);
  });

  it("reports an overridden server_version", async () => {
    const { host, result: res } = await initialize({ options: { serverVersion: "custom-build-42" } });
    expect(res["server_version"]).toBe("custom-build-42");
    expect(host.violations).toEqual([]);
  });

  it("omits the tools key when no tool is declared, and when the declared list is empty", async () => {
    for (const config of [{}, { tools: [] }] as FixtureConfig[]) {
      const { host, result: res } = await initialize(config);
      expect(res).not.toHaveProperty("tools");
      expect(Object.keys(res).sort()).toEqual(["manifest", "server_version"]);
      expect(host.violations).toEqual([]);
    }
  });

  it("advertises the declared tools in declaration order, with {} as the default input_schema", async () => {
    const manifest = manifestToml({ tools: ["demo_echo", "ext_demo_search", "demo_unused"] });
    const schema = { type: "object", properties: { q: { type: "string" } }, required: ["q"] };
    const { host, result: res } = await initialize({
      manifest,
      tools: [
        { name: "ext_demo_search", description: "Search things", inputSchema: schema },
        { name: "demo_echo", description: "Echo the arguments" },
      ],
    });
    expect(Object.keys(res).sort()).toEqual(["manifest", "server_version", "tools"]);
    expect(res["tools"]).toEqual([
      { name: "ext_demo_search", description: "Search things", input_schema: schema },
      { name: "demo_echo", description: "Echo the arguments", input_schema: {} },
    ]);
    for (const entry of res["tools"] as Frame[]) {
      expect(Object.keys(entry).sort()).toEqual(["description", "input_schema", "name"]);
    }
    expect(host.violations).toEqual([]);
  });

  it("answers the same whether params are absent, {} or carry nexo_version", async () => {
    const results: Frame[] = [];
    for (const params of [undefined, {}, { nexo_version: "1.10.0" }]) {
      const { host, result: res } = await initialize({}, params);
      results.push(res);
      expect(host.violations).toEqual([]);
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it("answers an initialize request written without a params key", async () => {
    const host = startPlugin({});
    host.sendRaw('{"jsonrpc":"2.0","id":"init-1","method":"initialize"}\n');
    const reply = await host.response("init-1", 10_000);
    expect(result(reply)["server_version"]).toBe("demo-1.2.3");
  });

  it("echoes host ids verbatim: strings, 0 and large integers", async () => {
    const host = startPlugin({});
    for (const id of ["abc-1", 0, 9007199254740991, "0"]) {
      const reply = await host.request("initialize", {}, { id, timeoutMs: 10_000 });
      expect(reply["id"]).toBe(id);
      expect(Object.keys(reply).sort()).toEqual(["id", "jsonrpc", "result"]);
    }
    expect(host.violations).toEqual([]);
  });

  it("replies well within the daemon's 5 s init timeout of spawn", async () => {
    const spawned = Date.now();
    const { host } = await initialize({});
    expect(Date.now() - spawned).toBeLessThan(5000);
    expect(host.violations).toEqual([]);
  });

  it("does not require initialize first: tool.invoke is answered on a fresh process", async () => {
    const host = startPlugin({});
    const reply = await host.invoke("demo_echo", { a: 1 }, {}, { timeoutMs: 10_000 });
    expect(reply).toEqual({
      jsonrpc: "2.0",
      id: reply["id"],
      result: { tool: "demo_echo", args: { a: 1 }, agentId: "agent-1", pluginId: "demo", policy: null, contextPluginId: "demo" },
    });
    // initialize may still come later.
    const init = await host.request("initialize", {});
    expect(result(init)["server_version"]).toBe("demo-1.2.3");
    expect(host.violations).toEqual([]);
  });

  it("reads the manifest from a file path", async () => {
    const file = writeTempManifest(manifestToml({ id: "from_file" }));
    const { host, result: res } = await initialize({ manifest: file });
    expect(res["server_version"]).toBe("from_file-1.2.3");
    expect(host.violations).toEqual([]);
  });
});

describe("manifest errors at startup", () => {
  async function failsNaming(config: FixtureConfig, ...patterns: RegExp[]): Promise<string> {
    const host = startPlugin(config);
    const status = await host.exitedWithin(10_000);
    expect(status.code).not.toBe(0);
    expect(status.code).not.toBeNull();
    const failure = host.stderrLines.find((line) => line.startsWith("[fixture] startup failed: ManifestError: "));
    expect(failure).toBeDefined();
    for (const pattern of patterns) expect(failure).toMatch(pattern);
    // Nothing at all reached stdout.
    expect(host.stdoutBytes().length).toBe(0);
    return failure!;
  }

  it("names plugin.id when it is missing", async () => {
    const manifest = manifestToml().replace(/^id = .*$/m, "");
    await failsNaming({ manifest }, /plugin\.id/, /required/);
  });

  it("reports bad TOML with its position", async () => {
    await failsNaming({ manifest: '[plugin]\nid = "demo"\nversion = \n' }, /invalid TOML/, /line 3/);
  });

  it("names plugin.id when it breaks ^[a-z][a-z0-9_]{0,31}$", async () => {
    await failsNaming({ manifest: manifestToml({ id: "Demo-Plugin" }) }, /plugin\.id/, /Demo-Plugin/);
    await failsNaming({ manifest: manifestToml({ id: "a".repeat(33) }) }, /plugin\.id/);
  });

  it("names the env key when it starts with NEXO_", async () => {
    await failsNaming({ manifest: manifestToml({ env: { OK_KEY: "1", NEXO_TOKEN: "x" } }) }, /plugin\.entrypoint\.env\.NEXO_TOKEN/);
  });

  it("names the tool when the catalog declares one missing from [plugin.extends].tools", async () => {
    await failsNaming(
      { manifest: manifestToml({ tools: ["demo_echo"] }), tools: [{ name: "demo_other", description: "x" }] },
      /plugin\.extends\.tools/,
      /demo_other/,
    );
  });

  it("names the tool when the catalog declares one outside the plugin's namespace", async () => {
    await failsNaming(
      { manifest: manifestToml({ tools: ["demo_echo"] }), tools: [{ name: "other_send", description: "x" }] },
      /plugin\.extends\.tools/,
      /other_send/,
    );
  });

  it("names the list entry when [plugin.extends].tools holds a name outside the namespace", async () => {
    await failsNaming({ manifest: manifestToml({ tools: ["demo_ok", "slack_send"] }) }, /plugin\.extends\.tools\[1\]/, /slack_send/);
  });

  it("names a tool declared twice", async () => {
    await failsNaming(
      {
        manifest: manifestToml({ tools: ["demo_echo"] }),
        tools: [
          { name: "demo_echo", description: "x" },
          { name: "demo_echo", description: "y" },
        ],
      },
      /plugin\.extends\.tools/,
      /demo_echo/,
    );
  });

  it("reports a manifest file that does not exist", async () => {
    await failsNaming({ manifest: "/nonexistent/dir/nexo-plugin.toml" }, /cannot read manifest/);
  });
});
