/**
 * `nexo-plugin check`, run as its command line on the sample plugin and on plugin folders that
 * break one rule or several. The fixtures are compiled-style CommonJS applying the decorators by
 * hand (what tsc emits, without a build step), with `nexoai` and `typescript` linked in as an
 * install would place them.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { nexoPlugin, pluginFolder } from "./support/cli";

interface JsonFinding {
  severity: string;
  rule: string;
  file: string;
  line?: number;
  where: string;
  message: string;
}

interface JsonReport {
  plugin: { dir: string; id?: string; version?: string };
  errors: number;
  warnings: number;
  findings: JsonFinding[];
}

const PACKAGE = JSON.stringify({ name: "shop", version: "1.0.0", main: "dist/main.js" });
const TSCONFIG_OK = JSON.stringify({ compilerOptions: { target: "ES2022", experimentalDecorators: true, emitDecoratorMetadata: true, useDefineForClassFields: false } });

/** A compiled plugin class; `members` are `[decorator expression, method]` pairs. */
function compiledPlugin(members: ReadonlyArray<readonly [string, string]>, body = "", extra = ""): string {
  const methods = [...new Set(members.map(([, method]) => method))];
  return `"use strict";
const { bootstrap, Channel, CredentialsIssue, CredentialsList, CredentialsResolveBytes, Hook, LlmProvider, NexoPlugin, OnConfigure, OnEvent, OnShutdown, Plugin, Tool } = require("nexoai");
const INBOUND = "plugin.inbound.shop";
${extra}
class ShopPlugin extends NexoPlugin {
${methods.map((m) => `  async ${m}(event) {${m === "order" ? body : ""}}`).join("\n")}
}
const decorate = (decorator, name) => decorator(ShopPlugin.prototype, name, Object.getOwnPropertyDescriptor(ShopPlugin.prototype, name));
${members.map(([decorator, method]) => `decorate(${decorator}, ${JSON.stringify(method)});`).join("\n")}
Plugin()(ShopPlugin);
void bootstrap(ShopPlugin);
`;
}

const MANIFEST = `[plugin]
id = "shop"
version = "1.0.0"

[[plugin.channels.register]]
kind = "shop"
adapter = "ShopAdapter"

[plugin.extends]
tools = ["shop_lookup"]
`;

function check(dir: string, ...args: string[]): { status: number | null; report: JsonReport; stderr: string } {
  const result = nexoPlugin(["check", dir, "--json", ...args]);
  return { status: result.status, report: JSON.parse(result.stdout) as JsonReport, stderr: result.stderr };
}

const brief = (f: JsonFinding): string => `${f.severity} ${f.rule} ${f.file}${f.line === undefined ? "" : `:${f.line}`} ${f.where}`;

describe("nexo-plugin check", () => {
  test("finds no problem in the sample plugin", () => {
    const result = nexoPlugin(["check", "sample-plugin"]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("✔ notes 0.1.0 (sample-plugin): no problems found\n");
    expect(result.status).toBe(0);
  });

  test("reports every mismatch between the manifest, the class and tsconfig, each naming the file and the field or Class.method", () => {
    const publishes = `
      await this.publish(INBOUND, {});
      await this.publish(\`\${INBOUND}.\${event.topic}\`, {});
      await this.publish("plugin.inbound.elsewhere", {});
      await this.publish(\`audit.\${event.topic}\`, {});
    `;
    const dir = pluginFolder(
      {
        "nexo-plugin.toml": MANIFEST.replace('tools = ["shop_lookup"]', 'tools = ["shop_lookup", "shop_unused"]').replace('version = "1.0.0"', 'version = "1.0.0"\ncolour = "blue"'),
        "package.json": PACKAGE,
        "tsconfig.json": JSON.stringify({ compilerOptions: { target: "ES2022", experimentalDecorators: true } }),
        "dist/main.js": compiledPlugin(
          [
            ['OnEvent("plugin.outbound.shop.>")', "order"],
            ['OnEvent("plugin.outbound.other")', "stray"],
            ['OnEvent("plugin.outbound.*")', "wide"],
            ['Tool({ name: "shop_lookup", description: "d" })', "lookup"],
            ['Tool({ name: "shop_secret", description: "d" })', "secret"],
            ['Tool({ name: "other_rogue", description: "d" })', "rogue"],
            ["OnShutdown()", "close"],
          ],
          publishes,
        ),
      },
      ["nexoai", "typescript"],
    );
    const { status, report } = check(dir);
    expect(status).toBe(1);
    expect(report.plugin).toEqual({ dir, id: "shop", version: "1.0.0" });
    expect(report.findings.map(brief)).toEqual([
      "warning manifest nexo-plugin.toml ",
      "error tools nexo-plugin.toml plugin.extends.tools",
      "error tools dist/main.js ShopPlugin.rogue",
      "warning tools nexo-plugin.toml plugin.extends.tools[1]",
      "error events dist/main.js ShopPlugin.stray",
      "warning publish dist/main.js:9 ",
      "warning publish dist/main.js:10 ",
      "error tsconfig tsconfig.json compilerOptions.emitDecoratorMetadata",
      "warning tsconfig tsconfig.json compilerOptions.useDefineForClassFields",
    ]);
    expect({ errors: report.errors, warnings: report.warnings }).toEqual({ errors: 4, warnings: 5 });
    const messages = report.findings.map((f) => f.message);
    expect(messages[0]).toContain("plugin.colour");
    expect(messages[1]).toBe('tool "shop_secret" (ShopPlugin.secret) is not listed; the daemon kills a plugin that advertises it');
    expect(messages[2]).toBe('tool "other_rogue" is outside the plugin\'s namespace: names must start with "shop_" or "ext_shop_"');
    expect(messages[3]).toBe('no @Tool method declares "shop_unused"');
    expect(messages[4]).toBe('@OnEvent("plugin.outbound.other") never fires: the manifest subscribes to plugin.outbound.shop, plugin.outbound.shop.>; add a channel or a subscribe pattern');
    expect(messages[5]).toBe('publish to "plugin.inbound.elsewhere" would be dropped by the daemon: the allowlist is plugin.inbound.shop, plugin.inbound.shop.>');
    expect(messages[6]).toBe('publish to a topic starting "audit." would be dropped by the daemon: the allowlist is plugin.inbound.shop, plugin.inbound.shop.>');
    expect(messages[8]).toBe("should be false (the default for target es2022): otherwise every DTO field becomes an own undefined property");

    const text = nexoPlugin(["check", dir]);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain("dist/main.js: error: ShopPlugin.stray: @OnEvent(\"plugin.outbound.other\") never fires");
    expect(text.stdout).toContain("dist/main.js:9: warning: publish to \"plugin.inbound.elsewhere\"");
    expect(text.stdout).toContain("tsconfig.json: error: compilerOptions.emitDecoratorMetadata: must be true");
    expect(text.stdout.trimEnd().split("\n").pop()).toMatch(/^✘ shop 1\.0\.0 \(.*\): 4 errors, 5 warnings$/);
  });

  test("counts [plugin.capabilities.broker] patterns as subscriptions and publish allowlist", () => {
    const dir = pluginFolder(
      {
        "nexo-plugin.toml": `[plugin]\nid = "shop"\nversion = "1.0.0"\n\n[plugin.capabilities.broker]\nsubscribe = ["orders.*.created"]\npublish = ["audit.>"]\n`,
        "package.json": PACKAGE,
        "dist/main.js": compiledPlugin([['OnEvent("orders.>")', "order"]], 'await this.publish(`audit.${event.topic}`, {}); await this.publish("plugin.inbound.shop", {});'),
      },
      ["nexoai"],
    );
    const { status, report } = check(dir);
    expect(report.findings.map((f) => `${brief(f)} ${f.message}`)).toEqual([
      'warning publish dist/main.js:6  publish to "plugin.inbound.shop" would be dropped by the daemon: the allowlist is audit.>',
    ]);
    expect(status).toBe(0);
  });

  test("reports service handlers without their manifest section, and sections without a handler", () => {
    const credentials: Array<readonly [string, string]> = [
      ["CredentialsList()", "list"],
      ["CredentialsIssue()", "issue"],
      ["CredentialsResolveBytes()", "resolve"],
    ];
    const handlersOnly = pluginFolder(
      {
        "nexo-plugin.toml": MANIFEST,
        "package.json": PACKAGE,
        "dist/main.js": compiledPlugin([['Tool({ name: "shop_lookup", description: "d" })', "lookup"], ["OnConfigure()", "configure"], ...credentials]),
      },
      ["nexoai"],
    );
    const first = check(handlersOnly);
    expect(first.report.findings.map((f) => `${brief(f)}: ${f.message}`)).toEqual([
      "error services nexo-plugin.toml plugin.config_schema: is missing, so the daemon never sends plugin.configure (nexo-plugin schema prints the section); served by ShopPlugin.configure",
      "error services nexo-plugin.toml plugin.credentials_schema.enabled: must be true, or the daemon never sends plugin.credentials.*; served by ShopPlugin.list, ShopPlugin.issue, ShopPlugin.resolve",
    ]);
    expect(first.status).toBe(1);

    const sections = `\n[plugin.config_schema]\nshape = "object"\nschema = '{"type": "object"}'\n\n[plugin.credentials_schema]\nenabled = true\n`;
    const sectionsOnly = pluginFolder(
      {
        "nexo-plugin.toml": MANIFEST + sections,
        "package.json": PACKAGE,
        "dist/main.js": compiledPlugin([['Tool({ name: "shop_lookup", description: "d" })', "lookup"]]),
      },
      ["nexoai"],
    );
    const second = check(sectionsOnly);
    expect(second.report.findings.map((f) => `${brief(f)}: ${f.message}`)).toEqual([
      "warning services nexo-plugin.toml plugin.config_schema: no method serves it: add @OnConfigure to the plugin class",
      "warning services nexo-plugin.toml plugin.credentials_schema.enabled: no method serves it: add @CredentialsList, @CredentialsIssue and @CredentialsResolveBytes to the plugin class",
    ]);
    expect(second.status).toBe(0);
  });

  test("reports every extension id served but not listed in [plugin.extends], and listed but not served", () => {
    const dir = pluginFolder(
      {
        "nexo-plugin.toml": MANIFEST.replace('tools = ["shop_lookup"]', 'tools = ["shop_lookup"]\nhooks = ["before_message", "after_message"]\nllm_providers = ["shopgpt"]'),
        "package.json": PACKAGE,
        "dist/main.js": compiledPlugin([
          ['Tool({ name: "shop_lookup", description: "d" })', "lookup"],
          ['Hook("before_message")', "before"],
          ['Hook("on_error")', "onError"],
          ['Channel.send("shopchat")', "send"],
        ]),
      },
      ["nexoai"],
    );
    const { status, report } = check(dir);
    expect(report.findings.map((f) => `${brief(f)}: ${f.message}`)).toEqual([
      'error extensions nexo-plugin.toml plugin.extends.hooks: hook "on_error" (ShopPlugin.onError) is not listed; the daemon never calls it, and the SDK refuses to start',
      'error extensions nexo-plugin.toml plugin.extends.hooks[1]: no method serves hook "after_message", which the daemon will call: add @Hook, or remove it',
      'error extensions nexo-plugin.toml plugin.extends.channels: channel kind "shopchat" (ShopPlugin.send) is not listed; the daemon never calls it, and the SDK refuses to start',
      'error extensions nexo-plugin.toml plugin.extends.llm_providers[0]: no method serves LLM provider "shopgpt", which the daemon will call: add @LlmProvider, or remove it',
    ]);
    expect(status).toBe(1);
  });

  test("warns about a channel kind listed in [plugin.extends].channels with no broker topics", () => {
    const dir = pluginFolder(
      {
        "nexo-plugin.toml": MANIFEST.replace('tools = ["shop_lookup"]', 'tools = ["shop_lookup"]\nchannels = ["shop", "shopchat"]'),
        "package.json": PACKAGE,
        "dist/main.js": compiledPlugin([
          ['Tool({ name: "shop_lookup", description: "d" })', "lookup"],
          ['Channel.send("shop")', "sendShop"],
          ['Channel.send("shopchat")', "sendChat"],
        ]),
      },
      ["nexoai"],
    );
    const { status, report } = check(dir);
    expect(report.findings.map((f) => `${brief(f)}: ${f.message}`)).toEqual([
      'warning extensions nexo-plugin.toml plugin.extends.channels[1]: channel kind "shopchat" has no broker topics: add [[plugin.channels.register]] kind = "shopchat" or a [plugin.capabilities.broker] publish pattern; the daemon drops its inbound publishes',
    ]);
    expect(status).toBe(0);
  });

  test("exits 0 on warnings alone", () => {
    const dir = pluginFolder(
      {
        "nexo-plugin.toml": MANIFEST.replace("[plugin.extends]", "[plugin.extends]\nwidgets = []"),
        "package.json": PACKAGE,
        "tsconfig.json": `// comments and extends are read as TypeScript reads them\n{ "extends": "./base.json" }\n`,
        "base.json": TSCONFIG_OK,
        "dist/main.js": compiledPlugin([['Tool({ name: "shop_lookup", description: "d" })', "lookup"]]),
      },
      ["nexoai", "typescript"],
    );
    const { status, report } = check(dir);
    expect(report.findings.map(brief)).toEqual(["warning manifest nexo-plugin.toml "]);
    expect(report.findings[0]!.message).toContain("plugin.extends.widgets");
    expect(status).toBe(0);
  });

  test("reports a broken manifest by its field and skips the checks that need it", () => {
    const dir = pluginFolder(
      {
        "nexo-plugin.toml": MANIFEST.replace('id = "shop"', 'id = "Shop"'),
        "package.json": PACKAGE,
        "dist/main.js": compiledPlugin([['Tool({ name: "other_x", description: "d" })', "lookup"]]),
      },
      ["nexoai"],
    );
    const { status, report } = check(dir);
    expect(report.findings).toEqual([
      { severity: "error", rule: "manifest", file: "nexo-plugin.toml", where: "plugin.id", message: 'must match ^[a-z][a-z0-9_]{0,31}$, got "Shop"' },
    ]);
    expect(status).toBe(1);
  });

  test("loads the class without running the plugin: no constructor, no frame, and load-time output does not reach the report", () => {
    const dir = pluginFolder(
      {
        "nexo-plugin.toml": MANIFEST,
        "package.json": PACKAGE,
        "dist/main.js": compiledPlugin(
          [['Tool({ name: "shop_lookup", description: "d" })', "lookup"]],
          "",
          `console.log("noise at load time");\nprocess.on("exit", () => undefined);\nconst marker = require("node:path").join(__dirname, "constructed");`,
        ).replace("class ShopPlugin extends NexoPlugin {", 'class ShopPlugin extends NexoPlugin {\n  constructor() { super(); require("node:fs").writeFileSync(marker, ""); }'),
      },
      ["nexoai"],
    );
    const { status, report } = check(dir);
    expect(report.findings).toEqual([]);
    expect(status).toBe(0);
    expect(existsSync(path.join(dir, "dist", "constructed"))).toBe(false);
  });

  test("reports an entry point that throws while loading, such as a decorator refusing a pattern", () => {
    const dir = pluginFolder(
      { "nexo-plugin.toml": MANIFEST, "package.json": PACKAGE, "dist/main.js": compiledPlugin([['OnEvent("plugin..shop")', "order"]]) },
      ["nexoai"],
    );
    const { status, report } = check(dir);
    expect(report.findings.map(brief)).toEqual(["error plugin-class dist/main.js "]);
    expect(report.findings[0]!.message).toMatch(/^the entry point throws while loading: DecoratorError: .*ShopPlugin\.order.*plugin\.\.shop/);
    expect(status).toBe(1);
  });

  test("reports a plugin that is not built, and one whose entry passes no class to bootstrap()", () => {
    const unbuilt = pluginFolder({ "nexo-plugin.toml": MANIFEST, "package.json": PACKAGE }, ["nexoai"]);
    const { status, report } = check(unbuilt);
    expect(report.findings).toEqual([
      { severity: "error", rule: "plugin-class", file: "dist/main.js", where: "", message: "the compiled entry point does not exist; build the plugin first (npm run build)" },
    ]);
    expect(status).toBe(1);
    const adapterOnly = pluginFolder(
      { "nexo-plugin.toml": MANIFEST, "package.json": PACKAGE, "dist/main.js": 'require("nexoai");\n' },
      ["nexoai"],
    );
    const second = check(adapterOnly);
    expect(second.report.findings.map(brief)).toEqual(["warning plugin-class dist/main.js "]);
    expect(second.status).toBe(0);
  });

  test("refuses a folder that is not a plugin, exit 2", () => {
    const result = nexoPlugin(["check", pluginFolder({ "notes.txt": "" })]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("is not a plugin folder: it has neither nexo-plugin.toml nor package.json");
  });
});
