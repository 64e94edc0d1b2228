/**
 * `@OnConfigure`, the credentials decorators and `this.config`, through decorated plugins run
 * by `PluginTestHost`: DTO validation of each instance, the explorer's rules, and the typed
 * credential failures.
 */
import { IsInt, IsNotEmpty, IsOptional, IsString, Min } from "class-validator";
import {
  BootstrapError,
  CredentialNotFoundError,
  CredentialNotPermittedError,
  CredentialsIssue,
  CredentialsList,
  CredentialsReload,
  CredentialsResolveBytes,
  DecoratorError,
  ManifestError,
  NexoPlugin,
  OnConfigure,
  Plugin,
  Tool,
  type ConfigureContext,
  type CredentialBytesRequest,
  type CredentialRequest,
} from "../src";
import { PluginTestHost } from "../src/testing";
import { manifest, startHost, stopHost, stopHosts, thrown } from "./fixtures/decorators/helpers";

afterEach(stopHosts);

class Instance {
  @IsString()
  @IsNotEmpty()
  token!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  port?: number;

  describe(): string {
    return `${this.token}:${this.port ?? 80}`;
  }
}

const ARRAY_CONFIG = { config_schema: { shape: "array", schema: '{"type":"object"}' } };
const CREDENTIALS = { credentials_schema: { enabled: true } };

@Plugin()
class Configured extends NexoPlugin<Instance[]> {
  readonly calls: Array<{ config: Instance[] | null; context: ConfigureContext<Instance[]> }> = [];

  @OnConfigure({ schema: Instance })
  configure(config: Instance[] | null, context: ConfigureContext<Instance[]>): void {
    this.calls.push({ config, context });
    if (config?.some((i) => i.token === "refuse")) throw new Error("token refuse is reserved");
  }

  @Tool({ name: "demo_config", description: "the config" })
  current(): unknown {
    return { described: this.config?.map((i) => i.describe()) ?? null };
  }
}

function startConfigured(): PluginTestHost<Configured> {
  return startHost(Configured, { manifest: manifest(["demo_config"], ARRAY_CONFIG) });
}

describe("@OnConfigure with a DTO", () => {
  it("builds one DTO instance per element and makes them this.config once the method returned", async () => {
    const host = startConfigured();
    await host.initialize();
    expect(host.instance.config).toBeNull();
    expect((await host.configure([{ token: "a", port: 8080 }, { token: "b" }])).result).toEqual({ ok: true });
    expect(host.instance.config?.every((i) => i instanceof Instance)).toBe(true);
    expect((await host.invokeTool("demo_config", {})).result).toEqual({ described: ["a:8080", "b:80"] });
    expect(host.instance.calls[0]!.context).toEqual({ previous: null, reload: false });
    await stopHost(host);
  });

  it("names each bad property with its element index, refuses unknown keys, and keeps the old config", async () => {
    const host = startConfigured();
    await host.initialize();
    await host.configure([{ token: "good" }]);
    const reply = await host.configure([{ token: "x" }, { token: "", port: 0 }, { token: "y", tokne: "typo" }]);
    expect(reply.error?.code).toBe(-32603);
    expect(reply.error?.message).toBe(
      "invalid configuration: [1].token: token should not be empty; [1].port: port must not be less than 1; [2].tokne: property tokne should not exist",
    );
    expect(host.instance.config?.map((i) => i.token)).toEqual(["good"]);
    expect(host.instance.calls).toHaveLength(1);
    await stopHost(host);
  });

  it("a value that is not an object is named as the element", async () => {
    const host = startConfigured();
    await host.initialize();
    const reply = await host.configure([{ token: "a" }, "b"]);
    expect(reply.error?.message).toBe("invalid configuration: [1]: value must be an object, got string");
    await stopHost(host);
  });

  it("a hot reload the method refuses leaves the previous configuration", async () => {
    const host = startConfigured();
    await host.initialize();
    await host.configure([{ token: "one" }]);
    const reply = await host.configure([{ token: "refuse" }]);
    expect(reply.error).toEqual({ code: -32603, message: "configuration refused: token refuse is reserved" });
    expect(host.instance.config?.map((i) => i.token)).toEqual(["one"]);
    const reload = host.instance.calls[1]!;
    expect(reload.context.reload).toBe(true);
    expect(reload.context.previous?.map((i) => i.token)).toEqual(["one"]);
    await stopHost(host);
  });

  it("null reaches the method and this.config as null", async () => {
    const host = startConfigured();
    await host.initialize();
    expect((await host.configure(null)).result).toEqual({ ok: true });
    expect(host.instance.calls[0]!.config).toBeNull();
    expect(host.instance.config).toBeNull();
    await stopHost(host);
  });
});

describe("configuration without @OnConfigure", () => {
  it("is validated against the manifest's schema and kept in this.config", async () => {
    @Plugin()
    class Plain extends NexoPlugin<{ region: string }> {
      @Tool({ name: "demo_region", description: "the region" })
      region(): unknown {
        return { region: this.config?.region ?? null };
      }
    }
    const schema = '{"type":"object","required":["region"],"properties":{"region":{"enum":["eu","us"]}}}';
    const host = startHost(Plain, { manifest: manifest(["demo_region"], { config_schema: { shape: "object", schema } }) });
    await host.initialize();
    expect((await host.configure({ region: "mars" })).error?.message).toBe('invalid configuration: region: must be one of ["eu","us"]');
    expect((await host.configure({ region: "eu" })).result).toEqual({ ok: true });
    expect((await host.invokeTool("demo_region", {})).result).toEqual({ region: "eu" });
    await stopHost(host);
  });
});

describe("the explorer's rules", () => {
  it("@OnConfigure needs [plugin.config_schema]", () => {
    @Plugin({ manifest: manifest() })
    class NoSection extends NexoPlugin {
      @OnConfigure()
      configure(): void {}
    }
    const error = thrown(() => PluginTestHost.start(NoSection));
    expect(error).toBeInstanceOf(ManifestError);
    expect(error.message).toContain("plugin.config_schema: is missing, so the daemon never sends plugin.configure to NoSection.configure");
  });

  it("one @OnConfigure per class", () => {
    @Plugin({ manifest: manifest([], ARRAY_CONFIG) })
    class Twice extends NexoPlugin {
      @OnConfigure()
      a(): void {}
      @OnConfigure()
      b(): void {}
    }
    const error = thrown(() => PluginTestHost.start(Twice));
    expect(error).toBeInstanceOf(BootstrapError);
    expect(error.message).toContain("@OnConfigure is on Twice.a and Twice.b");
  });

  it("a subclass's @OnConfigure override replaces the inherited one", async () => {
    @Plugin({ manifest: manifest([], ARRAY_CONFIG) })
    class Base extends NexoPlugin {
      seen = "";
      @OnConfigure()
      configure(): void {
        this.seen = "base";
      }
    }
    @Plugin({ manifest: manifest([], ARRAY_CONFIG) })
    class Child extends Base {
      @OnConfigure()
      override configure(): void {
        this.seen = "child";
      }
    }
    const host = startHost(Child, { manifest: manifest([], ARRAY_CONFIG) });
    await host.initialize();
    await host.configure([]);
    expect(host.instance.seen).toBe("child");
    await stopHost(host);
  });

  it("@OnConfigure checks its options", () => {
    const error = thrown(() => {
      class Bad {
        @OnConfigure({ schema: (() => undefined) as never })
        configure(): void {}
      }
      return Bad;
    });
    expect(error).toBeInstanceOf(DecoratorError);
    expect(error.message).toBe("@OnConfigure on Bad.configure: schema must be a DTO class, got function schema");
  });

  it("credentials need list, issue and resolveBytes, and the manifest switch", () => {
    @Plugin({ manifest: manifest([], CREDENTIALS) })
    class Partial extends NexoPlugin {
      @CredentialsList()
      list(): string[] {
        return [];
      }
    }
    expect(thrown(() => PluginTestHost.start(Partial)).message).toContain(
      "credentials need @CredentialsIssue and @CredentialsResolveBytes too (found Partial.list)",
    );

    @Plugin({ manifest: manifest() })
    class Disabled extends NexoPlugin {
      @CredentialsList()
      list(): string[] {
        return [];
      }
      @CredentialsIssue()
      issue(): void {}
      @CredentialsResolveBytes()
      bytes(): string {
        return "";
      }
    }
    const error = thrown(() => PluginTestHost.start(Disabled));
    expect(error).toBeInstanceOf(ManifestError);
    expect(error.message).toContain("plugin.credentials_schema.enabled: must be true");
  });

  it("a method serves one credentials request", () => {
    const error = thrown(() => {
      class Both {
        @CredentialsList()
        @CredentialsIssue()
        both(): void {}
      }
      return Both;
    });
    expect(error.message).toBe("@CredentialsList on Both.both: the method already serves @CredentialsIssue; one method serves one credentials request");
  });
});

describe("credentials methods", () => {
  @Plugin()
  class Vault extends NexoPlugin {
    private secrets = new Map([["work", "w0rk"]]);
    reloads = 0;

    @CredentialsList()
    accounts(): { accounts: string[]; warnings: string[] } {
      return { accounts: [...this.secrets.keys()], warnings: this.reloads ? [] : ["not reloaded yet"] };
    }

    @CredentialsIssue()
    issue({ accountId, agentId }: CredentialRequest): void {
      if (!this.secrets.has(accountId)) throw new CredentialNotFoundError(`account ${accountId}`);
      if (agentId === "mallory") throw new CredentialNotPermittedError();
    }

    @CredentialsResolveBytes()
    bytes({ accountId }: CredentialBytesRequest): Buffer {
      return Buffer.from(this.secrets.get(accountId) ?? "", "utf8");
    }

    @CredentialsReload()
    reload(): void {
      this.reloads += 1;
      this.secrets.set("home", "h0me");
    }
  }

  it("answers each method with the daemon's shapes, through the plugin instance", async () => {
    const host = startHost(Vault, { manifest: manifest([], CREDENTIALS) });
    await host.initialize();
    expect((await host.credentials("list")).result).toEqual({ accounts: ["work"], warnings: ["not reloaded yet"] });
    expect((await host.credentials("issue", { account_id: "work", agent_id: "kate" })).result).toEqual({ ok: true });
    expect((await host.credentials("issue", { account_id: "work", agent_id: "mallory" })).error).toEqual({ code: -32603, message: "not_permitted" });
    expect((await host.credentials("issue", { account_id: "nope", agent_id: "kate" })).error).toEqual({ code: -32603, message: "not_found: account nope" });
    expect((await host.credentials("resolve_bytes", { account_id: "work", agent_id: "kate", fingerprint: "f" })).result).toEqual({
      bytes_b64: Buffer.from("w0rk").toString("base64"),
    });
    expect((await host.credentials("reload")).result).toEqual({ ok: true });
    expect(host.instance.reloads).toBe(1);
    expect((await host.credentials("list")).result).toEqual({ accounts: ["work", "home"], warnings: [] });
    await stopHost(host);
  });
});
