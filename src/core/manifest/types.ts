/**
 * The shape of `nexo-plugin.toml` as the SDK knows it (CONTRACT.md section 7, EXTENSIONS.md
 * "Manifest sections", SERVICES.md section 4). Defaults are the daemon's and are documented here only: the document
 * itself is never filled in, because it is echoed verbatim in the `initialize` reply.
 */
import type {
  AdminSection,
  CredentialsSchemaSection,
  DashboardSection,
  HttpSection,
  MetricsSection,
  PairingSection,
} from "./service-types";

/** The whole parsed `nexo-plugin.toml`; only the `[plugin]` table is known to the SDK. */
export interface Manifest {
  /** The `[plugin]` table. */
  plugin: PluginManifest;
  [key: string]: unknown;
}

/** The `[plugin]` table: the fields the SDK checks are typed, any others are kept as they are. */
export interface PluginManifest {
  /** The plugin id, `^[a-z][a-z0-9_]{0,31}$`; also the namespace of its tools. */
  id: string;
  /** The plugin's semver 2.0 version. */
  version: string;
  /** Human-readable name. */
  name?: string;
  /** One-line description. */
  description?: string;
  /** The daemon versions the plugin runs on, as an npm- or Cargo-style requirement. */
  min_nexo_version?: string;
  /** What the plugin needs from the daemon; checked by the daemon, not the SDK. */
  requires?: { nexo_capabilities?: string[]; [key: string]: unknown };
  /** How the daemon spawns the plugin. */
  entrypoint?: {
    /** The executable to run. */
    command?: string;
    /** Its arguments. */
    args?: string[];
    /** Extra environment; `NEXO_*` names are reserved for the daemon. */
    env?: Record<string, string>;
  };
  /** Channels the plugin relays. */
  channels?: {
    /** One entry per `[[plugin.channels.register]]` table. */
    register?: ChannelRegistration[];
  };
  /** Daemon surfaces the plugin extends (EXTENSIONS.md). */
  extends?: {
    /** Tool names, each `<id>_*` or `ext_<id>_*`. */
    tools?: string[];
    /** Channel kinds the plugin serves. */
    channels?: string[];
    /** LLM provider names the plugin serves. */
    llm_providers?: string[];
    /** Vector memory backend names the plugin serves. */
    memory_backends?: string[];
    /** Hook names the plugin handles. */
    hooks?: string[];
  };
  /** How the daemon restarts the plugin. */
  supervisor?: {
    /** Whether the daemon respawns the plugin when it exits. */
    respawn?: boolean;
    /** Respawn attempts before giving up, at least 1. */
    max_attempts?: number;
    /** Delay between respawns, 100..300000 ms. */
    backoff_ms?: number;
    /** Lines of stderr the daemon keeps for diagnostics, 0..512. */
    stderr_tail_lines?: number;
  };
  /** Broker topics beyond those derived from `channels.register`. */
  capabilities?: {
    /** Broker topic patterns, merged by the daemon with those of `channels.register`. */
    broker?: {
      /** Patterns the plugin subscribes to. */
      subscribe?: string[];
      /** Patterns the plugin may publish to; replying to broker requests needs `_inbox.>`. */
      publish?: string[];
    };
  };
  /** Operator configuration; its presence switches on `plugin.configure`. */
  config_schema?: ConfigSchemaSection;
  /** How an operator pairs the plugin's channel with an agent. */
  pairing?: PairingSection;
  /** A path prefix of the daemon's HTTP server forwarded to the plugin. */
  http?: HttpSection;
  /** Admin methods forwarded to the plugin. */
  admin?: AdminSection;
  /** Whether and where the daemon scrapes the plugin's Prometheus metrics. */
  metrics?: MetricsSection;
  /** How the setup dashboard shows the plugin's instances. */
  dashboard?: DashboardSection;
  /** Whether the plugin holds credentials for the daemon. */
  credentials_schema?: CredentialsSchemaSection;
  [key: string]: unknown;
}

/** The `[plugin.config_schema]` table (EXTENSIONS.md). */
export interface ConfigSchemaSection {
  /** JSON text of a JSON Schema whose root has `"type": "object"`. */
  schema: string;
  /** `"object"` for one config map, `"array"` for a list of them, one per instance. */
  shape: "object" | "array";
  /** Whether the daemon re-sends the config on change. Defaults to true. */
  hot_reload?: boolean;
}

/** One `[[plugin.channels.register]]` table. */
export interface ChannelRegistration {
  /** The channel kind, `^[a-z][a-z0-9_]{0,31}$`. */
  kind: string;
  /** The adapter serving the kind. */
  adapter?: string;
}

/** Receives one human-readable warning, such as an unknown manifest key. */
export type ManifestWarn = (message: string) => void;
