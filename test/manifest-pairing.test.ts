/**
 * `[plugin.pairing]` (SERVICES.md section 4): each key's type, the adapter and trigger tables,
 * and the rules tying `fields`, `rpc_namespace` and `trigger` to the pairing `kind`.
 */
import { expectAccepted, expectRejected } from "./support/manifest-expect";

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
