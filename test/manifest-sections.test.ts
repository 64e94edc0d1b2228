/**
 * The service sections of the manifest (SERVICES.md section 4): pairing, http, admin, metrics,
 * dashboard, credentials_schema; and the unknown-key warnings of every section.
 */
import { parse } from "smol-toml";
import { ManifestError, parseManifest, validateManifest, type Manifest, type ManifestWarn } from "../src/core";
import { startPlugin } from "./support/fixture";
import { manifestToml } from "./support/wire-host";

const HEADER = `[plugin]\nid = "conf"\nversion = "0.2.0"\n`;
const silent: ManifestWarn = () => undefined;

function withHeader(rest: string): string {
  return `${HEADER}${rest}\n`;
}

function manifestError(action: () => unknown): ManifestError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return error as ManifestError;
  }
  throw new Error("expected a ManifestError, nothing was thrown");
}

function expectRejected(rest: string, field: string, fragment: string): ManifestError {
  const error = manifestError(() => parseManifest(withHeader(rest), { warn: silent }));
  expect(error.field).toBe(field);
  expect(error.message).toContain(fragment);
  expect(error.message.startsWith(`${field}: `)).toBe(true);
  return error;
}

/** Accepted without any warning, and returned exactly as smol-toml parsed it: no default filled in. */
function expectAccepted(rest: string): Manifest {
  const toml = withHeader(rest);
  const warn = jest.fn();
  const manifest = parseManifest(toml, { warn });
  expect(manifest).toEqual(parse(toml));
  expect(warn).not.toHaveBeenCalled();
  return manifest;
}

function warningsFor(rest: string): string[] {
  const messages: string[] = [];
  parseManifest(withHeader(rest), { warn: (message) => messages.push(message) });
  return messages;
}

function unknownKey(dotted: string, section: string): string {
  return `unknown manifest key ${dotted} in ${section} (ignored; newer daemons may accept it)`;
}

describe("[plugin.pairing]", () => {
  it("accepts a QR pairing with every key, and keeps the document as written", () => {
    const manifest = expectAccepted(`
[plugin.pairing]
kind = "qr"
label = "WhatsApp"
rpc_namespace = "wa"
instance_field = "instance"
[plugin.pairing.instructions]
en = "Open WhatsApp and scan the code."
es = "Abrí WhatsApp y escaneá el código."
[[plugin.pairing.fields]]
name = "instance"
label = "Instance"
help = "One per phone"
placeholder = "main"
sensitive = false
required = true
[[plugin.pairing.fields]]
name = "note"
label = "Note"
[plugin.pairing.adapter]
channel_id = "whatsapp"
broker_topic_prefix = "plugin.whatsapp"
format_challenge_text_kind = "broker"
normalize_cache_ttl_seconds = 3600
[plugin.pairing.trigger]
start_method = "nexo/admin/whatsapp/pair/start"
cancel_method = "nexo/admin/whatsapp/pair/cancel"
timeout_seconds = 120`);
    const pairing = manifest.plugin.pairing!;
    expect(pairing.fields?.[1]).toEqual({ name: "note", label: "Note" });
    expect(pairing.trigger?.timeout_seconds).toBe(120);
  });

  it.each([
    ["form with fields", `kind = "form"\nfields = [{ name = "token", label = "Bot token", sensitive = true }]`],
    ["info without fields", `kind = "info"\ninstructions = { en = "Configured in YAML." }`],
    ["info with an empty field list", `kind = "info"\nfields = []`],
    ["custom with rpc_namespace", `kind = "custom"\nrpc_namespace = "myauth"`],
    ["custom with an empty field list", `kind = "custom"\nrpc_namespace = "myauth"\nfields = []`],
    ["qr without fields", `kind = "qr"`],
    ["no kind (no pairable channel)", `label = "Later"`],
    ["an adapter with a TTL of 0", `kind = "qr"\nadapter = { channel_id = "c", broker_topic_prefix = "p", normalize_cache_ttl_seconds = 0 }`],
    ["a trigger without timeout", `kind = "qr"\ntrigger = { start_method = "s", cancel_method = "c" }`],
  ])("accepts %s", (_name, body) => {
    expectAccepted(`[plugin.pairing]\n${body}`);
  });

  it.each([
    [`pairing = "qr"`, "plugin.pairing", `"qr"`],
    [`pairing.kind = "bluetooth"`, "plugin.pairing.kind", `one of "qr", "form", "info" or "custom", got "bluetooth"`],
    [`pairing.kind = 1`, "plugin.pairing.kind", "got 1"],
    [`pairing.label = 1`, "plugin.pairing.label", "must be a string"],
    [`pairing.instructions = "Scan it"`, "plugin.pairing.instructions", "must be a table"],
    [`pairing.instructions = { en = "ok", es = 2 }`, "plugin.pairing.instructions.es", "must be a string, got 2"],
    [`pairing.fields = { name = "a" }`, "plugin.pairing.fields", "array of tables"],
    [`pairing.fields = ["token"]`, "plugin.pairing.fields[0]", `must be a table, got "token"`],
    [`pairing.fields = [{ label = "Token" }]`, "plugin.pairing.fields[0].name", "required"],
    [`pairing.fields = [{ name = "t" }]`, "plugin.pairing.fields[0].label", "required"],
    [`pairing.fields = [{ name = 1, label = "T" }]`, "plugin.pairing.fields[0].name", "must be a string"],
    [`pairing.fields = [{ name = "a", label = "A" }, { name = "b", label = 2 }]`, "plugin.pairing.fields[1].label", "got 2"],
    [`pairing.fields = [{ name = "t", label = "T", help = 1 }]`, "plugin.pairing.fields[0].help", "must be a string"],
    [`pairing.fields = [{ name = "t", label = "T", placeholder = [] }]`, "plugin.pairing.fields[0].placeholder", "must be a string"],
    [`pairing.fields = [{ name = "t", label = "T", sensitive = "yes" }]`, "plugin.pairing.fields[0].sensitive", "true or false"],
    [`pairing.fields = [{ name = "t", label = "T", required = 1 }]`, "plugin.pairing.fields[0].required", "true or false"],
    [`pairing.rpc_namespace = 5`, "plugin.pairing.rpc_namespace", "must be a string"],
    [`pairing.instance_field = true`, "plugin.pairing.instance_field", "must be a string"],
  ])("rejects %s", (rest, field, fragment) => {
    expectRejected(rest, field, fragment);
  });

  describe("[plugin.pairing.adapter]", () => {
    const ok = `channel_id = "wa", broker_topic_prefix = "plugin.wa"`;
    it.each([
      [`pairing.adapter = "wa"`, "plugin.pairing.adapter", "must be a table"],
      [`pairing.adapter = { broker_topic_prefix = "plugin.wa" }`, "plugin.pairing.adapter.channel_id", "required"],
      [`pairing.adapter = { channel_id = "wa" }`, "plugin.pairing.adapter.broker_topic_prefix", "required"],
      [`pairing.adapter = { channel_id = 1, broker_topic_prefix = "p" }`, "plugin.pairing.adapter.channel_id", "must be a string"],
      [`pairing.adapter = { channel_id = "c", broker_topic_prefix = 1 }`, "plugin.pairing.adapter.broker_topic_prefix", "must be a string"],
      [`pairing.adapter = { ${ok}, format_challenge_text_kind = 1 }`, "plugin.pairing.adapter.format_challenge_text_kind", "must be a string"],
      [`pairing.adapter = { ${ok}, normalize_cache_ttl_seconds = -1 }`, "plugin.pairing.adapter.normalize_cache_ttl_seconds", "integer >= 0, got -1"],
      [`pairing.adapter = { ${ok}, normalize_cache_ttl_seconds = 1.5 }`, "plugin.pairing.adapter.normalize_cache_ttl_seconds", "got 1.5"],
      [`pairing.adapter = { ${ok}, normalize_cache_ttl_seconds = "60" }`, "plugin.pairing.adapter.normalize_cache_ttl_seconds", `got "60"`],
    ])("rejects %s", (rest, field, fragment) => {
      expectRejected(rest, field, fragment);
    });
  });

  describe("[plugin.pairing.trigger]", () => {
    it.each([
      [`trigger = "start"`, "plugin.pairing.trigger", "must be a table"],
      [`trigger = { cancel_method = "c" }`, "plugin.pairing.trigger.start_method", "required"],
      [`trigger = { start_method = "s" }`, "plugin.pairing.trigger.cancel_method", "required"],
      [`trigger = { start_method = " ", cancel_method = "c" }`, "plugin.pairing.trigger.start_method", "must not be blank"],
      [`trigger = { start_method = "s", cancel_method = "" }`, "plugin.pairing.trigger.cancel_method", "must not be blank"],
      [`trigger = { start_method = 1, cancel_method = "c" }`, "plugin.pairing.trigger.start_method", "must be a string"],
      [`trigger = { start_method = "s", cancel_method = "c", timeout_seconds = 0 }`, "plugin.pairing.trigger.timeout_seconds", "integer >= 1, got 0"],
      [`trigger = { start_method = "s", cancel_method = "c", timeout_seconds = 2.5 }`, "plugin.pairing.trigger.timeout_seconds", "got 2.5"],
    ])("rejects %s", (rest, field, fragment) => {
      expectRejected(`[plugin.pairing]\nkind = "qr"\n${rest}`, field, fragment);
    });
  });

  describe("the rules tied to kind", () => {
    const trigger = `trigger = { start_method = "s", cancel_method = "c" }`;
    const oneField = `fields = [{ name = "t", label = "T" }]`;
    it.each([
      [`kind = "form"\n${trigger}`, "plugin.pairing.trigger", `is only for kind = "qr", but kind is "form"`],
      [`kind = "custom"\nrpc_namespace = "n"\n${trigger}`, "plugin.pairing.trigger", `but kind is "custom"`],
      [`label = "x"\n${trigger}`, "plugin.pairing.trigger", "but no kind is set"],
      [`kind = "form"`, "plugin.pairing.fields", `kind = "form" needs at least one [[plugin.pairing.fields]] entry`],
      [`kind = "form"\nfields = []`, "plugin.pairing.fields", "at least one"],
      [`kind = "info"\n${oneField}`, "plugin.pairing.fields", `must be empty for kind = "info"`],
      [`kind = "custom"\nrpc_namespace = "n"\n${oneField}`, "plugin.pairing.fields", `must be empty for kind = "custom"`],
      [`kind = "custom"`, "plugin.pairing.rpc_namespace", `is required for kind = "custom"`],
      [`kind = "custom"\nrpc_namespace = ""`, "plugin.pairing.rpc_namespace", `must not be empty for kind = "custom"`],
    ])("rejects %s", (body, field, fragment) => {
      expectRejected(`[plugin.pairing]\n${body}`, field, fragment);
    });

    it("checks each key's type before the rules that join them", () => {
      expectRejected(`[plugin.pairing]\nkind = "form"\nfields = [{ name = "t" }]`, "plugin.pairing.fields[0].label", "required");
      expectRejected(`[plugin.pairing]\nkind = "info"\ntrigger = 1`, "plugin.pairing.trigger", "must be a table");
    });
  });
});

describe("[plugin.http]", () => {
  it.each(["/conf", "/conf/items", "/", "/healthz", "/pairing", "/admin-ui", "/metrics2", "/well-known"])(
    "accepts mount_prefix = %s",
    (prefix) => {
      expectAccepted(`[plugin.http]\nmount_prefix = "${prefix}"\ntimeout_seconds = 1`);
    },
  );

  it.each([
    [`http = "/conf"`, "plugin.http", "must be a table"],
    [`http = { timeout_seconds = 5 }`, "plugin.http.mount_prefix", "required"],
    [`http.mount_prefix = 1`, "plugin.http.mount_prefix", "must be a string"],
    [`http.mount_prefix = "conf"`, "plugin.http.mount_prefix", `must start with "/", got "conf"`],
    [`http.mount_prefix = ""`, "plugin.http.mount_prefix", `must start with "/", got ""`],
    [`http.mount_prefix = "/conf?x=1"`, "plugin.http.mount_prefix", `must not contain "?" or "#"`],
    [`http.mount_prefix = "/conf#top"`, "plugin.http.mount_prefix", `must not contain "?" or "#"`],
    [`http = { mount_prefix = "/conf", timeout_seconds = 0 }`, "plugin.http.timeout_seconds", "integer >= 1, got 0"],
    [`http = { mount_prefix = "/conf", timeout_seconds = -30 }`, "plugin.http.timeout_seconds", "got -30"],
    [`http = { mount_prefix = "/conf", timeout_seconds = "30" }`, "plugin.http.timeout_seconds", `got "30"`],
  ])("rejects %s", (rest, field, fragment) => {
    expectRejected(rest, field, fragment);
  });

  it.each([
    ["/health", "/health"],
    ["/health/live", "/health"],
    ["/metrics", "/metrics"],
    ["/metrics/", "/metrics"],
    ["/pair", "/pair"],
    ["/pair/qr", "/pair"],
    ["/admin", "/admin"],
    ["/admin/conf", "/admin"],
    ["/.well-known", "/.well-known"],
    ["/.well-known/acme-challenge", "/.well-known"],
  ])("rejects the daemon's own path %s", (prefix, taken) => {
    const error = expectRejected(`http.mount_prefix = "${prefix}"`, "plugin.http.mount_prefix", `"${prefix}"`);
    expect(error.message).toContain(`is served by the daemon itself (${taken} and everything below it)`);
  });
});

describe("[plugin.admin]", () => {
  const topic = `broker_topic_prefix = "plugin.conf.admin"`;

  it.each(["nexo/admin/conf/", "nexo/admin/conf/items/", "nexo/admin/agents_extra/", "nexo/admin/policyx/"])(
    "accepts method_prefix = %s",
    (prefix) => {
      expectAccepted(`[plugin.admin]\nmethod_prefix = "${prefix}"\n${topic}\ntimeout_seconds = 45`);
    },
  );

  it.each([
    [`admin = []`, "plugin.admin", "must be a table"],
    [`admin = { ${topic} }`, "plugin.admin.method_prefix", "required"],
    [`admin = { method_prefix = 1, ${topic} }`, "plugin.admin.method_prefix", "must be a string"],
    [`admin = { method_prefix = "/conf/", ${topic} }`, "plugin.admin.method_prefix", `must start with "nexo/admin/", got "/conf/"`],
    [`admin = { method_prefix = "nexo/conf/", ${topic} }`, "plugin.admin.method_prefix", `must start with "nexo/admin/"`],
    [`admin = { method_prefix = "nexo/admin/conf", ${topic} }`, "plugin.admin.method_prefix", `must end with "/", got "nexo/admin/conf"`],
    [`admin = { method_prefix = "nexo/admin/", ${topic} }`, "plugin.admin.method_prefix", `must name a namespace below "nexo/admin/"`],
    [`admin = { method_prefix = "nexo/admin/conf/" }`, "plugin.admin.broker_topic_prefix", "required"],
    [`admin = { method_prefix = "nexo/admin/conf/", broker_topic_prefix = "" }`, "plugin.admin.broker_topic_prefix", "must not be empty"],
    [`admin = { method_prefix = "nexo/admin/conf/", broker_topic_prefix = "plugin conf" }`, "plugin.admin.broker_topic_prefix", `must not contain whitespace, got "plugin conf"`],
    [`admin = { method_prefix = "nexo/admin/conf/", broker_topic_prefix = "plugin\\tconf" }`, "plugin.admin.broker_topic_prefix", "must not contain whitespace"],
    [`admin = { method_prefix = "nexo/admin/conf/", broker_topic_prefix = 3 }`, "plugin.admin.broker_topic_prefix", "must be a string"],
    [`admin = { method_prefix = "nexo/admin/conf/", ${topic}, timeout_seconds = 0 }`, "plugin.admin.timeout_seconds", "integer >= 1, got 0"],
  ])("rejects %s", (rest, field, fragment) => {
    expectRejected(rest, field, fragment);
  });

  it.each(["agents", "credentials", "pairing", "llm", "channels", "tenants", "memory", "sessions", "snapshots", "policy"])(
    "rejects the daemon's own namespace %s, and anything below it",
    (name) => {
      for (const prefix of [`nexo/admin/${name}/`, `nexo/admin/${name}/extra/`]) {
        const error = expectRejected(`admin = { method_prefix = "${prefix}", ${topic} }`, "plugin.admin.method_prefix", `"${prefix}"`);
        expect(error.message).toContain(`is in the daemon's own "nexo/admin/${name}/" namespace`);
      }
    },
  );
});

describe("[plugin.metrics]", () => {
  it.each([
    ["an empty section", ""],
    ["prometheus off without a prefix", "prometheus = false"],
    ["prometheus off with a prefix", `prometheus = false\nbroker_topic_prefix = "plugin.conf"`],
    ["prometheus on with a prefix and a timeout", `prometheus = true\nbroker_topic_prefix = "plugin.conf"\ntimeout_seconds = 2`],
  ])("accepts %s", (_name, body) => {
    expectAccepted(`[plugin.metrics]\n${body}`);
  });

  it.each([
    [`metrics = true`, "plugin.metrics", "must be a table"],
    [`metrics.prometheus = "yes"`, "plugin.metrics.prometheus", `true or false, got "yes"`],
    [`metrics.prometheus = true`, "plugin.metrics.broker_topic_prefix", "required"],
    [`metrics = { prometheus = true, broker_topic_prefix = "" }`, "plugin.metrics.broker_topic_prefix", "must not be empty"],
    [`metrics = { prometheus = false, broker_topic_prefix = "plugin conf" }`, "plugin.metrics.broker_topic_prefix", "must not contain whitespace"],
    [`metrics = { broker_topic_prefix = 1 }`, "plugin.metrics.broker_topic_prefix", "must be a string"],
    [`metrics = { prometheus = true, broker_topic_prefix = "p", timeout_seconds = 0 }`, "plugin.metrics.timeout_seconds", "integer >= 1, got 0"],
  ])("rejects %s", (rest, field, fragment) => {
    expectRejected(rest, field, fragment);
  });
});

describe("[plugin.dashboard]", () => {
  it("accepts a single instance checked by a secret file", () => {
    expectAccepted(`[plugin.dashboard]
layout = { kind = "single" }
auth_check = { kind = "file_presence", path = "telegram_bot_token.txt" }`);
  });

  it("accepts a workspace walk checked by session files", () => {
    expectAccepted(`[plugin.dashboard.layout]
kind = "workspace_walk"
subdir = "whatsapp"
[plugin.dashboard.auth_check]
kind = "session_dir_files"
candidates = ["session.db", "device.json"]`);
  });

  const single = `layout = { kind = "single" }`;
  const file = `auth_check = { kind = "file_presence", path = "token.txt" }`;
  it.each([
    [`dashboard = "single"`, "plugin.dashboard", "must be a table"],
    [file, "plugin.dashboard.layout", "required"],
    [single, "plugin.dashboard.auth_check", "required"],
    [`layout = "single"\n${file}`, "plugin.dashboard.layout", "must be a table"],
    [`layout = {}\n${file}`, "plugin.dashboard.layout.kind", "required"],
    [`layout = { kind = "tree" }\n${file}`, "plugin.dashboard.layout.kind", `must be "single" or "workspace_walk", got "tree"`],
    [`layout = { kind = "workspace_walk" }\n${file}`, "plugin.dashboard.layout.subdir", "required"],
    [`layout = { kind = "workspace_walk", subdir = "" }\n${file}`, "plugin.dashboard.layout.subdir", "must not be empty"],
    [`layout = { kind = "workspace_walk", subdir = "wa/main" }\n${file}`, "plugin.dashboard.layout.subdir", `without "/", got "wa/main"`],
    [`layout = { kind = "workspace_walk", subdir = 1 }\n${file}`, "plugin.dashboard.layout.subdir", "must be a string"],
    [`${single}\nauth_check = []`, "plugin.dashboard.auth_check", "must be a table"],
    [`${single}\nauth_check = { path = "t" }`, "plugin.dashboard.auth_check.kind", "required"],
    [`${single}\nauth_check = { kind = "oauth" }`, "plugin.dashboard.auth_check.kind", `must be "file_presence" or "session_dir_files", got "oauth"`],
    [`${single}\nauth_check = { kind = "file_presence" }`, "plugin.dashboard.auth_check.path", "required"],
    [`${single}\nauth_check = { kind = "file_presence", path = "" }`, "plugin.dashboard.auth_check.path", "must not be empty"],
    [`${single}\nauth_check = { kind = "file_presence", path = "/etc/token" }`, "plugin.dashboard.auth_check.path", `relative to the secrets directory, got "/etc/token"`],
    [`${single}\nauth_check = { kind = "file_presence", path = 7 }`, "plugin.dashboard.auth_check.path", "must be a string"],
    [`${single}\nauth_check = { kind = "session_dir_files" }`, "plugin.dashboard.auth_check.candidates", "required"],
    [`${single}\nauth_check = { kind = "session_dir_files", candidates = [] }`, "plugin.dashboard.auth_check.candidates", "at least one"],
    [`${single}\nauth_check = { kind = "session_dir_files", candidates = "session.db" }`, "plugin.dashboard.auth_check.candidates", "list of strings"],
    [`${single}\nauth_check = { kind = "session_dir_files", candidates = ["a", 2] }`, "plugin.dashboard.auth_check.candidates[1]", "got 2"],
  ])("rejects %s", (body, field, fragment) => {
    expectRejected(body.startsWith("dashboard") ? body : `[plugin.dashboard]\n${body}`, field, fragment);
  });
});

describe("[plugin.credentials_schema]", () => {
  it.each([["enabled = true\naccounts_shape = \"array\""], ["enabled = false\naccounts_shape = \"object\""], [""]])(
    "accepts %p",
    (body) => {
      expectAccepted(`[plugin.credentials_schema]\n${body}`);
    },
  );

  it.each([
    [`credentials_schema = true`, "plugin.credentials_schema", "must be a table"],
    [`credentials_schema.enabled = "yes"`, "plugin.credentials_schema.enabled", "true or false"],
    [`credentials_schema.accounts_shape = "map"`, "plugin.credentials_schema.accounts_shape", `must be "object" or "array", got "map"`],
  ])("rejects %s", (rest, field, fragment) => {
    expectRejected(rest, field, fragment);
  });
});

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
