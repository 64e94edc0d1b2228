/**
 * What every manifest section shares: unknown keys warn naming the section, a manifest given as
 * an object is typed and checked the same way, and a plugin started with the sections echoes
 * them as written or refuses to start naming the field.
 */
import { parse } from "smol-toml";
import { ManifestError, parseManifest, validateManifest, type Manifest } from "../src/core";
import { startPlugin } from "./support/fixture";
import { manifestError, silent, withHeader } from "./support/manifest-expect";
import { manifestToml } from "./support/wire-host";

function warningsFor(rest: string): string[] {
  const messages: string[] = [];
  parseManifest(withHeader(rest), { warn: (message) => messages.push(message) });
  return messages;
}

function unknownKey(dotted: string, section: string): string {
  return `unknown manifest key ${dotted} in ${section} (ignored; newer daemons may accept it)`;
}

describe("unknown keys in the sections", () => {
  it("warns about each, naming its dotted path and the section it is in, and accepts the manifest", () => {
    expect(
      warningsFor(`
[plugin.pairing]
kind = "qr"
laybel = "typo"
instructions = { en = "a", "pt-BR" = "b" }
[[plugin.pairing.fields]]
name = "n"
label = "N"
secret = true
[plugin.pairing.adapter]
channel_id = "c"
broker_topic_prefix = "p"
retries = 2
[plugin.pairing.trigger]
start_method = "s"
cancel_method = "c"
poll = 1
[plugin.http]
mount_prefix = "/conf"
methods = ["GET"]
[plugin.admin]
method_prefix = "nexo/admin/conf/"
broker_topic_prefix = "p"
scopes = []
[plugin.metrics]
interval = 5
[plugin.dashboard]
layout = { kind = "single", subdir = "x" }
auth_check = { kind = "file_presence", path = "t", candidates = ["c"] }
icon = "x"
[plugin.credentials_schema]
fields = 1
[plugin.config_schema]
schema = '{"type": "object"}'
shape = "object"
version = 2
[plugin.capabilities]
nats = true
[plugin.capabilities.broker]
request = ["a"]
[plugin.channels]
extra = 1
`).sort(),
    ).toEqual(
      [
        unknownKey("plugin.pairing.laybel", "[plugin.pairing]"),
        unknownKey("plugin.pairing.fields[0].secret", "[[plugin.pairing.fields]]"),
        unknownKey("plugin.pairing.adapter.retries", "[plugin.pairing.adapter]"),
        unknownKey("plugin.pairing.trigger.poll", "[plugin.pairing.trigger]"),
        unknownKey("plugin.http.methods", "[plugin.http]"),
        unknownKey("plugin.admin.scopes", "[plugin.admin]"),
        unknownKey("plugin.metrics.interval", "[plugin.metrics]"),
        unknownKey("plugin.dashboard.layout.subdir", "[plugin.dashboard.layout]"),
        unknownKey("plugin.dashboard.auth_check.candidates", "[plugin.dashboard.auth_check]"),
        unknownKey("plugin.dashboard.icon", "[plugin.dashboard]"),
        unknownKey("plugin.credentials_schema.fields", "[plugin.credentials_schema]"),
        unknownKey("plugin.config_schema.version", "[plugin.config_schema]"),
        unknownKey("plugin.capabilities.nats", "[plugin.capabilities]"),
        unknownKey("plugin.capabilities.broker.request", "[plugin.capabilities.broker]"),
        unknownKey("plugin.channels.extra", "[plugin.channels]"),
      ].sort(),
    );
  });

  it("knows the keys of each dashboard kind", () => {
    expect(
      warningsFor(`[plugin.dashboard]
layout = { kind = "workspace_walk", subdir = "wa", path = "p" }
auth_check = { kind = "session_dir_files", candidates = ["c"], path = "p" }`),
    ).toEqual([
      unknownKey("plugin.dashboard.layout.path", "[plugin.dashboard.layout]"),
      unknownKey("plugin.dashboard.auth_check.path", "[plugin.dashboard.auth_check]"),
    ]);
  });

  it("names an unknown section of [plugin] as a key of [plugin], and leaves open tables alone", () => {
    expect(warningsFor(`requires = { nexo_capabilities = ["broker"], os = "linux" }\n[plugin.sandbox]\nenabled = true`)).toEqual([
      unknownKey("plugin.sandbox", "[plugin]"),
    ]);
  });

  it("warns before refusing, so a misspelt required key is pointed out", () => {
    const messages: string[] = [];
    const error = manifestError(() =>
      parseManifest(withHeader(`[plugin.http]\nmount_prefx = "/conf"`), { warn: (message) => messages.push(message) }),
    );
    expect(error.field).toBe("plugin.http.mount_prefix");
    expect(messages).toEqual([unknownKey("plugin.http.mount_prefx", "[plugin.http]")]);
  });
});

describe("a manifest given as an object", () => {
  it("type-checks the sections and is returned as the same object", () => {
    const manifest: Manifest = {
      plugin: {
        id: "conf",
        version: "1.0.0",
        pairing: { kind: "form", fields: [{ name: "token", label: "Token", sensitive: true }] },
        http: { mount_prefix: "/conf", timeout_seconds: 10 },
        admin: { method_prefix: "nexo/admin/conf/", broker_topic_prefix: "plugin.conf.admin" },
        metrics: { prometheus: true, broker_topic_prefix: "plugin.conf" },
        dashboard: { layout: { kind: "workspace_walk", subdir: "conf" }, auth_check: { kind: "session_dir_files", candidates: ["s"] } },
        credentials_schema: { enabled: true, accounts_shape: "array" },
        config_schema: { schema: '{"type":"object"}', shape: "array" },
      },
    };
    expect(validateManifest(manifest, { warn: silent })).toBe(manifest);
    expect(manifest.plugin.pairing?.fields?.[0]).toEqual({ name: "token", label: "Token", sensitive: true });
  });

  it("has typings that refuse what the checks refuse", () => {
    const plugin = { id: "conf", version: "1.0.0" };
    const wrong: Manifest[] = [
      // @ts-expect-error: not a pairing kind
      { plugin: { ...plugin, pairing: { kind: "bluetooth" } } },
      // @ts-expect-error: a field needs a label
      { plugin: { ...plugin, pairing: { kind: "form", fields: [{ name: "token" }] } } },
      // @ts-expect-error: mount_prefix is required
      { plugin: { ...plugin, http: { timeout_seconds: 5 } } },
      // @ts-expect-error: a workspace walk needs its subdir
      { plugin: { ...plugin, dashboard: { layout: { kind: "workspace_walk" }, auth_check: { kind: "file_presence", path: "t" } } } },
      // @ts-expect-error: session_dir_files needs candidates, not a path
      { plugin: { ...plugin, dashboard: { layout: { kind: "single" }, auth_check: { kind: "session_dir_files", path: "t" } } } },
      // @ts-expect-error: accounts_shape is "object" or "array"
      { plugin: { ...plugin, credentials_schema: { accounts_shape: "map" } } },
    ];
    for (const manifest of wrong) expect(() => validateManifest(manifest, { warn: silent })).toThrow(ManifestError);
  });

  it("is checked by the same rules", () => {
    const error = manifestError(() =>
      validateManifest({ plugin: { id: "conf", version: "1.0.0", http: { mount_prefix: "/admin/conf" } } }, { warn: silent }),
    );
    expect(error.field).toBe("plugin.http.mount_prefix");
    const bigint = manifestError(() =>
      validateManifest({ plugin: { id: "conf", version: "1.0.0", http: { mount_prefix: "/c", timeout_seconds: 30n } } }, { warn: silent }),
    );
    expect(bigint.field).toBe("plugin.http.timeout_seconds");
  });
});

describe("at startup, over the wire", () => {
  const sections = `
[plugin.pairing]
kind = "form"
[[plugin.pairing.fields]]
name = "token"
label = "Token"
[plugin.http]
mount_prefix = "/demo"
[plugin.metrics]
prometheus = true
broker_topic_prefix = "plugin.demo"
scrape_every = 5
`;

  it("echoes a manifest with service sections as written, without defaults, and warns naming the section", async () => {
    const manifest = manifestToml() + sections;
    const host = startPlugin({ manifest });
    const reply = await host.request("initialize", {}, { timeoutMs: 10_000 });
    const echoed = (reply["result"] as { manifest: Manifest }).manifest;
    expect(echoed).toEqual(JSON.parse(JSON.stringify(parse(manifest))));
    expect(echoed.plugin.pairing?.fields).toEqual([{ name: "token", label: "Token" }]);
    await host.waitForStderr(/unknown manifest key plugin\.metrics\.scrape_every in \[plugin\.metrics\]/);
    expect(host.violations).toEqual([]);
  });

  it("refuses to start on a broken section, naming the field, with nothing on stdout", async () => {
    const host = startPlugin({ manifest: manifestToml() + sections.replace(`"/demo"`, `"/health/demo"`) });
    const status = await host.exitedWithin(10_000);
    expect(status.code).not.toBe(0);
    expect(status.code).not.toBeNull();
    const failure = host.stderrLines.find((line) => line.startsWith("[fixture] startup failed: ManifestError: "));
    expect(failure).toMatch(/plugin\.http\.mount_prefix: "\/health\/demo" is served by the daemon itself/);
    expect(host.stdoutBytes().length).toBe(0);
  });
});
