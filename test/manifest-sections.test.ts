/**
 * The broker-service sections of the manifest (SERVICES.md section 4): http, admin, metrics,
 * dashboard and credentials_schema. `[plugin.pairing]` is in manifest-pairing.test.ts.
 */
import { expectAccepted, expectRejected } from "./support/manifest-expect";

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
    [`metrics.prometheus = true`, "plugin.metrics.broker_topic_prefix", "is required when prometheus = true"],
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
