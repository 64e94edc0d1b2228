import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "smol-toml";
import { ManifestError } from "../src/core/errors";
import {
  findManifestFile,
  isToolInNamespace,
  parseManifest,
  readManifest,
  readManifestFile,
  validateManifest,
  type ManifestWarn,
} from "../src/core/manifest/manifest";

/** The typical manifest of CONTRACT.md section 7. */
const TYPICAL = `[plugin]
id = "slack"
version = "0.2.0"
name = "Slack Channel"
description = "Relays Slack messages"
min_nexo_version = ">=0.1.0"

[plugin.requires]
nexo_capabilities = ["broker"]

[plugin.entrypoint]
command = "/usr/local/bin/plugin-slack"

[[plugin.channels.register]]
kind = "slack"
adapter = "SlackChannelAdapter"

[plugin.extends]
tools = ["slack_send"]
`;

const HEADER = `[plugin]\nid = "slack"\nversion = "0.2.0"\n`;

/** A minimal valid manifest followed by `rest`. */
function withHeader(rest: string): string {
  return `${HEADER}${rest}\n`;
}

const silent: ManifestWarn = () => undefined;
const QUIET = { warn: silent };
/** Ids one character longer than the 32- and 64-character limits. */
const ID_33 = `k${"a".repeat(32)}`;
const ID_65 = `x${"y".repeat(64)}`;

/** Runs `action`, expects a ManifestError, and returns it for field and message checks. */
function manifestError(action: () => unknown): ManifestError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return error as ManifestError;
  }
  throw new Error("expected a ManifestError, nothing was thrown");
}

function expectRejected(toml: string, field: string, fragment: string): ManifestError {
  const error = manifestError(() => parseManifest(toml, { warn: silent }));
  expect(error.field).toBe(field);
  expect(error.message).toContain(fragment);
  return error;
}

function expectAccepted(toml: string): void {
  expect(parseManifest(toml, { warn: silent })).toEqual(parse(toml));
}

describe("parseManifest: valid manifests", () => {
  it("returns the typical manifest deep-equal to what smol-toml parses, without warnings", () => {
    const warn = jest.fn();
    const manifest = parseManifest(TYPICAL, { warn });
    expect(manifest).toEqual(parse(TYPICAL));
    expect(manifest.plugin.id).toBe("slack");
    expect(manifest.plugin.channels?.register?.[0]).toEqual({ kind: "slack", adapter: "SlackChannelAdapter" });
    expect(warn).not.toHaveBeenCalled();
  });

  it("accepts a manifest using every known section", () => {
    const toml = withHeader(`
[plugin.entrypoint]
command = "node"
args = ["lib/plugin/index.js", "--stdio"]
env = { LOG_LEVEL = "debug" }

[plugin.extends]
tools = ["slack_send", "ext_slack_search"]
channels = ["slack"]
llm_providers = ["slack_llm"]
memory_backends = ["${"m".repeat(64)}"]
hooks = ["before_turn"]

[plugin.supervisor]
respawn = true
max_attempts = 1
backoff_ms = 100
stderr_tail_lines = 0

[plugin.capabilities.broker]
subscribe = ["plugin.outbound.slack.>"]
publish = []

[plugin.config_schema]
schema = '{"type": "object", "properties": {"token": {"type": "string"}}}'
shape = "array"
hot_reload = false`);
    const warn = jest.fn();
    expect(parseManifest(toml, { warn })).toEqual(parse(toml));
    expect(warn).not.toHaveBeenCalled();
  });

  it.each([
    ["backoff_ms = 300000"],
    ["backoff_ms = 100"],
    ["stderr_tail_lines = 512"],
    ["stderr_tail_lines = 0"],
    ["max_attempts = 1000"],
    ["max_attempts = 1"],
  ])("accepts the supervisor bound %s", (line) => {
    expectAccepted(withHeader(`[plugin.supervisor]\n${line}`));
  });

  it.each([
    "0.0.0",
    "1.2.3",
    "10.20.30",
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-0.3.7",
    "1.0.0-x-y.7a",
    "1.0.0+20130313144700",
    "1.0.0-beta+exp.sha.5114f85",
    "1.0.0+001",
  ])("accepts the version %s", (version) => {
    expectAccepted(`[plugin]\nid = "p"\nversion = "${version}"\n`);
  });

  it.each([
    ">=0.1.0",
    "0.1.0",
    "=1.2.3",
    "^1.2",
    "~1.2.3",
    "<2",
    "<=2.0.0-rc.1",
    "1.x",
    "1.2.*",
    "X",
    "*",
    ">=*",
    ">=1.2.3 <2.0.0",
    ">=1.2.3, <2.0.0",
    ">= 1.2.3, < 2",
    "^1.0.0 || ^2.0.0-beta.1",
    "1.2.3 - 2.0.0",
    "1.2 - 2 || >=3",
  ])("accepts the min_nexo_version %s", (range) => {
    expectAccepted(withHeader(`min_nexo_version = "${range}"`));
  });

  it("accepts an id of 32 characters", () => {
    expectAccepted(`[plugin]\nid = "a${"b".repeat(31)}"\nversion = "1.0.0"\n`);
  });
});

describe("parseManifest: the rules", () => {
  it("requires a [plugin] table", () => {
    expectRejected(`title = "x"\n`, "plugin", "[plugin]");
    expectRejected(`plugin = 5\n`, "plugin", "5");
  });

  it.each([
    [`[plugin]\nversion = "1.0.0"`, "missing"],
    [`[plugin]\nid = "Slack"\nversion = "1.0.0"`, `"Slack"`],
    [`[plugin]\nid = "9lives"\nversion = "1.0.0"`, `"9lives"`],
    [`[plugin]\nid = "my-plugin"\nversion = "1.0.0"`, `"my-plugin"`],
    [`[plugin]\nid = "${ID_33}"\nversion = "1.0.0"`, `"${ID_33}"`],
    [`[plugin]\nid = 42\nversion = "1.0.0"`, "42"],
  ])("rejects a bad plugin.id: %s", (toml, fragment) => {
    expectRejected(toml, "plugin.id", fragment);
  });

  it.each([
    [`[plugin]\nid = "p"`, "missing"],
    [`[plugin]\nid = "p"\nversion = "1.0"`, `"1.0"`],
    [`[plugin]\nid = "p"\nversion = "01.0.0"`, `"01.0.0"`],
    [`[plugin]\nid = "p"\nversion = "1.0.0-01"`, `"1.0.0-01"`],
    [`[plugin]\nid = "p"\nversion = "v1.0.0"`, `"v1.0.0"`],
    [`[plugin]\nid = "p"\nversion = "1.0.0-"`, `"1.0.0-"`],
    [`[plugin]\nid = "p"\nversion = "1.0.0+"`, `"1.0.0+"`],
    [`[plugin]\nid = "p"\nversion = 1`, "1"],
  ])("rejects a bad plugin.version: %s", (toml, fragment) => {
    expectRejected(toml, "plugin.version", fragment);
  });

  it("checks rules in order and reports the first violation", () => {
    expectRejected(`[plugin]\nid = "Bad"\nversion = "bad"\nname = ""`, "plugin.id", `"Bad"`);
    expectRejected(`[plugin]\nid = "p"\nversion = "bad"\nname = ""`, "plugin.version", `"bad"`);
  });

  it.each([
    ["name", `""`, `""`],
    ["name", `"   "`, `"   "`],
    ["name", "3", "3"],
    ["description", `"\\t"`, `"\\t"`],
    ["description", "false", "false"],
  ])("rejects plugin.%s = %s", (key, value, fragment) => {
    expectRejected(withHeader(`${key} = ${value}`), `plugin.${key}`, fragment);
  });

  it.each([
    `""`,
    `"   "`,
    `"latest"`,
    `">=abc"`,
    `">=1.0.0 <"`,
    `"1.2.3 ||"`,
    `"1.2.3,,1.4"`,
    `"1.2-beta"`,
    `">=1.2.3 - 2.0.0"`,
    `"~>1.2"`,
    "1",
  ])("rejects plugin.min_nexo_version = %s", (value) => {
    expectRejected(withHeader(`min_nexo_version = ${value}`), "plugin.min_nexo_version", value);
  });

  describe("[plugin.entrypoint]", () => {
    it.each([
      [`entrypoint = "node"`, "plugin.entrypoint", `"node"`],
      [`[plugin.entrypoint]\ncommand = 1`, "plugin.entrypoint.command", "1"],
      [`[plugin.entrypoint]\nargs = "--stdio"`, "plugin.entrypoint.args", `"--stdio"`],
      [`[plugin.entrypoint]\nargs = ["a", 2]`, "plugin.entrypoint.args[1]", "2"],
      [`[plugin.entrypoint]\nenv = ["A=1"]`, "plugin.entrypoint.env", `["A=1"]`],
      [`[plugin.entrypoint]\nenv = { LOG_LEVEL = 1 }`, "plugin.entrypoint.env.LOG_LEVEL", "1"],
    ])("rejects %s", (rest, field, fragment) => {
      expectRejected(withHeader(rest), field, fragment);
    });

    it("rejects env names with the reserved NEXO_ prefix", () => {
      const error = expectRejected(
        withHeader(`[plugin.entrypoint]\nenv = { LOG = "x", NEXO_TOKEN = "t" }`),
        "plugin.entrypoint.env.NEXO_TOKEN",
        `"NEXO_TOKEN"`,
      );
      expect(error.message).toMatch(/NEXO_ prefix is reserved for the daemon/);
    });
  });

  describe("[[plugin.channels.register]]", () => {
    it.each([
      [`channels = 1`, "plugin.channels", "1"],
      [`[plugin.channels.register]\nkind = "slack"`, "plugin.channels.register", `{"kind":"slack"}`],
      [`[plugin.channels]\nregister = ["slack"]`, "plugin.channels.register[0]", `"slack"`],
      [`[[plugin.channels.register]]\nadapter = "A"`, "plugin.channels.register[0].kind", "missing"],
      [
        `[[plugin.channels.register]]\nkind = "ok"\n[[plugin.channels.register]]\nkind = "Bad-Kind"`,
        "plugin.channels.register[1].kind",
        `"Bad-Kind"`,
      ],
      [`[[plugin.channels.register]]\nkind = "${ID_33}"`, "plugin.channels.register[0].kind", `"${ID_33}"`],
      [`[[plugin.channels.register]]\nkind = "slack"\nadapter = 1`, "plugin.channels.register[0].adapter", "1"],
    ])("rejects %s", (rest, field, fragment) => {
      expectRejected(withHeader(rest), field, fragment);
    });
  });

  describe("[plugin.extends]", () => {
    it.each([
      [`extends = ["slack_send"]`, "plugin.extends", `["slack_send"]`],
      [`extends.tools = "slack_send"`, "plugin.extends.tools", `"slack_send"`],
      [`extends.tools = ["slack_send", 3]`, "plugin.extends.tools[1]", "3"],
      [`extends.hooks = [{ name = "x" }]`, "plugin.extends.hooks[0]", `{"name":"x"}`],
      [`extends.channels = ["Slack"]`, "plugin.extends.channels[0]", `"Slack"`],
      [`extends.llm_providers = ["${ID_65}"]`, "plugin.extends.llm_providers[0]", `"${ID_65}"`],
      [`extends.memory_backends = ["vec-store"]`, "plugin.extends.memory_backends[0]", `"vec-store"`],
      [`extends.hooks = ["_hook"]`, "plugin.extends.hooks[0]", `"_hook"`],
    ])("rejects %s", (rest, field, fragment) => {
      expectRejected(withHeader(rest), field, fragment);
    });

    it("rejects a duplicate within one list, at the second occurrence", () => {
      const error = expectRejected(
        withHeader(`extends.tools = ["slack_a", "slack_b", "slack_a"]`),
        "plugin.extends.tools[2]",
        `"slack_a"`,
      );
      expect(error.message).toMatch(/duplicate/);
      const toml = withHeader(`extends.memory_backends = ["v", "v"]`);
      expectRejected(toml, "plugin.extends.memory_backends[1]", `"v"`);
    });

    it("rejects an id listed in two lists", () => {
      const error = expectRejected(
        withHeader(`extends.channels = ["slack"]\nextends.hooks = ["other", "slack"]`),
        "plugin.extends.hooks[1]",
        `"slack"`,
      );
      expect(error.message).toContain("plugin.extends.channels[0]");
    });

    it.each([["send"], ["slack_"], ["ext_slack_"], ["ext_other_send"], ["slacksend"], ["other_slack_send"]])(
      "rejects the tool %s outside the plugin's namespace",
      (tool) => {
        const error = expectRejected(
          withHeader(`extends.tools = ["slack_ok", "${tool}"]`),
          "plugin.extends.tools[1]",
          `"${tool}"`,
        );
        expect(error.message).toContain("slack_");
        expect(error.message).toContain("ext_slack_");
      },
    );
  });

  describe("[plugin.supervisor]", () => {
    it.each([
      [`supervisor = true`, "plugin.supervisor", "true"],
      [`supervisor.respawn = "yes"`, "plugin.supervisor.respawn", `"yes"`],
      [`supervisor.max_attempts = 0`, "plugin.supervisor.max_attempts", "0"],
      [`supervisor.max_attempts = 1.5`, "plugin.supervisor.max_attempts", "1.5"],
      [`supervisor.max_attempts = "3"`, "plugin.supervisor.max_attempts", `"3"`],
      [`supervisor.backoff_ms = 99`, "plugin.supervisor.backoff_ms", "99"],
      [`supervisor.backoff_ms = 300001`, "plugin.supervisor.backoff_ms", "300001"],
      [`supervisor.stderr_tail_lines = -1`, "plugin.supervisor.stderr_tail_lines", "-1"],
      [`supervisor.stderr_tail_lines = 513`, "plugin.supervisor.stderr_tail_lines", "513"],
    ])("rejects %s", (rest, field, fragment) => {
      expectRejected(withHeader(rest), field, fragment);
    });
  });

  describe("[plugin.capabilities.broker]", () => {
    it.each([
      [`capabilities = "broker"`, "plugin.capabilities", `"broker"`],
      [`capabilities.broker = ["a"]`, "plugin.capabilities.broker", `["a"]`],
      [`capabilities.broker.subscribe = "a.>"`, "plugin.capabilities.broker.subscribe", `"a.>"`],
      [`capabilities.broker.publish = ["a", 1]`, "plugin.capabilities.broker.publish[1]", "1"],
    ])("rejects %s", (rest, field, fragment) => {
      expectRejected(withHeader(rest), field, fragment);
    });
  });

  describe("[plugin.config_schema]", () => {
    const schema = `schema = '{"type": "object"}'`;
    it.each([
      [`config_schema = "x"`, "plugin.config_schema", `"x"`],
      [`config_schema = { shape = "object" }`, "plugin.config_schema.schema", "missing"],
      [`config_schema = { schema = 1, shape = "object" }`, "plugin.config_schema.schema", "1"],
      [`config_schema = { ${schema} }`, "plugin.config_schema.shape", "missing"],
      [`config_schema = { ${schema}, shape = "map" }`, "plugin.config_schema.shape", `"map"`],
      [`config_schema = { ${schema}, shape = "array", hot_reload = 1 }`, "plugin.config_schema.hot_reload", "1"],
    ])("rejects %s", (rest, field, fragment) => {
      expectRejected(withHeader(rest), field, fragment);
    });

    it.each([`not json`, `{"type": "array"}`, `[{"type": "object"}]`, `{}`, `{"type": ["object"]}`])(
      "rejects the schema text %s",
      (text) => {
        const error = expectRejected(
          withHeader(`config_schema = { schema = '${text}', shape = "object" }`),
          "plugin.config_schema.schema",
          JSON.stringify(text),
        );
        expect(error.message).toMatch(text === "not json" ? /must be JSON text/ : /"type": "object"/);
      },
    );

    it("shortens a long bad value in the message", () => {
      const long = `{"type": "array", "description": "${"d".repeat(200)}"}`;
      const error = expectRejected(
        withHeader(`config_schema = { schema = '${long}', shape = "object" }`),
        "plugin.config_schema.schema",
        JSON.stringify(long).slice(0, 40),
      );
      expect(error.message.length).toBeLessThan(200);
    });
  });
});

describe("unknown keys", () => {
  it("warns once per unknown key, naming its dotted path and its section, and still accepts the manifest", () => {
    const toml = `future = 1
[plugin]
id = "slack"
version = "0.2.0"
homepage = "https://example.com"
[plugin.entrypoint]
command = "x"
cwd = "/srv"
[plugin.supervisor]
jitter = true
[plugin.extends]
widgets = ["w"]
[[plugin.channels.register]]
kind = "slack"
[[plugin.channels.register]]
kind = "mail"
priority = 2
`;
    const messages: string[] = [];
    expect(parseManifest(toml, { warn: (message) => messages.push(message) })).toEqual(parse(toml));
    expect(messages.sort()).toEqual(
      [
        "future at the top level",
        "plugin.homepage in [plugin]",
        "plugin.entrypoint.cwd in [plugin.entrypoint]",
        "plugin.supervisor.jitter in [plugin.supervisor]",
        "plugin.extends.widgets in [plugin.extends]",
        "plugin.channels.register[1].priority in [[plugin.channels.register]]",
      ]
        .map((key) => `unknown manifest key ${key} (ignored; newer daemons may accept it)`)
        .sort(),
    );
  });

  it("warns about a misspelt key even when the manifest is then rejected", () => {
    const warn = jest.fn();
    manifestError(() => parseManifest(`[plugin]\nid = "p"\nverison = "1.0.0"\n`, { warn }));
    expect(warn).toHaveBeenCalledWith(
      "unknown manifest key plugin.verison in [plugin] (ignored; newer daemons may accept it)",
    );
  });

  it("writes warnings to stderr with the [nexoai] prefix by default", () => {
    const write = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      parseManifest(withHeader(`homepage = "x"`));
      expect(write).toHaveBeenCalledWith(
        "[nexoai] unknown manifest key plugin.homepage in [plugin] (ignored; newer daemons may accept it)\n",
      );
    } finally {
      write.mockRestore();
    }
  });
});

describe("validateManifest", () => {
  it("returns the given object itself when it is valid", () => {
    const doc = { plugin: { id: "p", version: "1.0.0", extends: { tools: ["p_run"] } } };
    expect(validateManifest(doc, { warn: silent })).toBe(doc);
  });

  it.each([[null, "null"], [[1], "[1]"], ["x", `"x"`]])("rejects a non-table document %p", (doc, fragment) => {
    const error = manifestError(() => validateManifest(doc, { warn: silent }));
    expect(error.field).toBe("");
    expect(error.message).toContain(fragment);
  });

  it("applies the same rules as parseManifest", () => {
    const error = manifestError(() =>
      validateManifest({ plugin: { id: "p", version: "1.0.0", extends: { tools: ["q_run"] } } }, QUIET),
    );
    expect(error.field).toBe("plugin.extends.tools[0]");
    expect(error.message).toContain(`"q_run"`);
  });

  it("names a BigInt value without failing to format it", () => {
    const error = manifestError(() =>
      validateManifest({ plugin: { id: "p", version: "1.0.0", supervisor: { max_attempts: 3n } } }, QUIET),
    );
    expect(error.field).toBe("plugin.supervisor.max_attempts");
    expect(error.message).toContain("got 3");
  });
});

describe("TOML syntax errors", () => {
  it("names the origin, line and column", () => {
    const error = manifestError(() =>
      parseManifest(`[plugin]\nid = = "x"\n`, { origin: "/srv/plugin/nexo-plugin.toml", warn: silent }),
    );
    expect(error.field).toBe("");
    expect(error.message).toContain("/srv/plugin/nexo-plugin.toml");
    expect(error.message).toMatch(/line 2, column \d+/);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("names <inline> when no origin is given", () => {
    const error = manifestError(() => parseManifest(`[plugin\n`, { warn: silent }));
    expect(error.field).toBe("");
    expect(error.message).toContain("<inline>");
    expect(error.message).toMatch(/line 1/);
  });
});

describe("isToolInNamespace", () => {
  it.each([
    ["slack", "slack_send", true],
    ["slack", "ext_slack_send", true],
    ["slack", "slack_x", true],
    ["slack", "slack_", false],
    ["slack", "ext_slack_", false],
    ["slack", "slack", false],
    ["slack", "slacksend", false],
    ["slack", "ext_other_send", false],
    ["slack", "my_slack_send", false],
    ["ext", "ext_run", true],
  ])("isToolInNamespace(%p, %p) is %p", (id, tool, expected) => {
    expect(isToolInNamespace(id, tool)).toBe(expected);
  });
});

describe("files", () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "nexoai-manifest-"));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it("readManifestFile parses a file and names it in syntax errors", () => {
    const good = join(root, "nexo-plugin.toml");
    writeFileSync(good, TYPICAL);
    expect(readManifestFile(good, { warn: silent })).toEqual(parse(TYPICAL));

    const bad = join(root, "bad.toml");
    writeFileSync(bad, `[plugin]\nid = "p"\nversion = \n`);
    const error = manifestError(() => readManifestFile(bad, { warn: silent }));
    expect(error.message).toContain(bad);
    expect(error.message).toMatch(/line 3/);
  });

  it("readManifestFile reports a missing file", () => {
    const missing = join(root, "absent.toml");
    const error = manifestError(() => readManifestFile(missing));
    expect(error.field).toBe("");
    expect(error.message).toContain(`cannot read manifest ${missing}: `);
    expect(error.message).toContain("ENOENT");
  });

  it("findManifestFile walks up to the nearest manifest", () => {
    const nested = join(root, "a", "b", "c");
    mkdirSync(nested, { recursive: true });
    writeFileSync(join(root, "nexo-plugin.toml"), TYPICAL);
    expect(findManifestFile(nested)).toBe(join(root, "nexo-plugin.toml"));

    writeFileSync(join(root, "a", "b", "nexo-plugin.toml"), TYPICAL);
    expect(findManifestFile(nested)).toBe(join(root, "a", "b", "nexo-plugin.toml"));
    expect(findManifestFile(join(root, "a"))).toBe(join(root, "nexo-plugin.toml"));
  });

  it("findManifestFile honours fileName, skips directories and returns undefined at the root", () => {
    const nested = join(root, "x", "y");
    mkdirSync(join(nested, "custom.toml"), { recursive: true });
    writeFileSync(join(root, "custom.toml"), TYPICAL);
    expect(findManifestFile(nested, "custom.toml")).toBe(join(root, "custom.toml"));

    const unique = `no-such-manifest-${process.pid}-${Date.now()}.toml`;
    expect(findManifestFile(nested, unique)).toBeUndefined();
  });

  it("findManifestFile tolerates a start path that is a file", () => {
    const file = join(root, "plain.txt");
    writeFileSync(file, "");
    writeFileSync(join(root, "nexo-plugin.toml"), TYPICAL);
    expect(findManifestFile(file)).toBe(join(root, "nexo-plugin.toml"));
  });
});

describe("the seed's names", () => {
  it("readManifest parses TOML text, as the seed's read_manifest does", () => {
    const text = '[plugin]\nid = "seed"\nversion = "0.3.0"\n';
    expect(readManifest(text, { warn: () => undefined })).toEqual(parseManifest(text, { warn: () => undefined }));
    expect(readManifest(text).plugin.id).toBe("seed");
  });
});
