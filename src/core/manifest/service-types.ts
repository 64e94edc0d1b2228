/**
 * The manifest sections through which the daemon reaches a plugin's services over the broker
 * (SERVICES.md section 4): pairing, an HTTP mount, admin methods, metrics, the setup dashboard
 * and credentials. Defaults named here are applied by the daemon; the SDK never writes them
 * into the document.
 */

/** How an operator links a channel to an agent; `kind` decides which other keys apply. */
export type PairingKind = "qr" | "form" | "info" | "custom";

/** The `[plugin.pairing]` table. Without a `kind` the daemon treats the plugin as having no pairable channel. */
export interface PairingSection {
  /**
   * `qr` (a QR code the plugin renders; may also ask for `fields`), `form` (the operator fills
   * in `fields`, at least one), `info` (instructions only, no `fields`) or `custom` (the plugin
   * drives the flow and reports on `rpc_namespace`; no `fields`).
   */
  kind?: PairingKind;
  /** The name shown in the channel selector; the daemon falls back to `plugin.name`. */
  label?: string;
  /** Instructions for the operator, keyed by locale tag (`en`, `es`, ...). */
  instructions?: Record<string, string>;
  /** The inputs of the pairing form, one per `[[plugin.pairing.fields]]` table. */
  fields?: PairingField[];
  /** For `kind = "custom"`, required and non-empty: the namespace the plugin reports progress on. */
  rpc_namespace?: string;
  /** The name of the field whose value identifies the instance; the daemon defaults to `"instance"`. */
  instance_field?: string;
  /** The broker services the daemon calls while pairing. */
  adapter?: PairingAdapterSection;
  /** The methods that start and cancel a pairing; only for `kind = "qr"`. */
  trigger?: PairingTriggerSection;
}

/** One `[[plugin.pairing.fields]]` table: one input of the pairing form. */
export interface PairingField {
  /** The key the value is submitted under. */
  name: string;
  /** The text shown beside the input. */
  label: string;
  /** Help shown under the input. */
  help?: string;
  /** Shown in the empty input. */
  placeholder?: string;
  /** Whether the value is a secret: masked in the form, never logged. Defaults to false. */
  sensitive?: boolean;
  /** Whether the form cannot be submitted without a value. Defaults to false. */
  required?: boolean;
}

/** The `[plugin.pairing.adapter]` table: where the daemon sends its pairing requests. */
export interface PairingAdapterSection {
  /** The channel the pairing belongs to; the daemon's registry key. */
  channel_id: string;
  /** Requests go to `<broker_topic_prefix>.pairing.normalize_sender`, `.send_reply` and `.send_qr_image`. */
  broker_topic_prefix: string;
  /** How challenge texts are formatted: the daemon's own formatter by default, `"broker"` to ask the plugin. */
  format_challenge_text_kind?: string;
  /** How long normalized senders are cached, in seconds (0 or more); cached for the daemon's lifetime by default. */
  normalize_cache_ttl_seconds?: number;
}

/** The `[plugin.pairing.trigger]` table: admin methods the daemon calls to start and cancel a QR pairing. */
export interface PairingTriggerSection {
  /** Called with `{challenge_id, agent_id, instance}`; must not be blank. */
  start_method: string;
  /** Called with `{challenge_id}`; must not be blank. */
  cancel_method: string;
  /** How long the daemon waits for either, in whole seconds (at least 1); 180 by default. */
  timeout_seconds?: number;
}

/** The `[plugin.http]` table: a path prefix of the daemon's HTTP server forwarded to the plugin. */
export interface HttpSection {
  /**
   * Requests whose path starts with this are sent on `plugin.<id>.http.request`. Starts with `/`,
   * holds no `?` or `#`, and is not `/health`, `/metrics`, `/pair`, `/admin`, `/.well-known` or
   * a path below them, which the daemon serves itself.
   */
  mount_prefix: string;
  /** How long the daemon waits for the reply, in whole seconds (at least 1); 30 by default. */
  timeout_seconds?: number;
}

/** The `[plugin.admin]` table: admin methods forwarded to the plugin over the broker. */
export interface AdminSection {
  /**
   * The methods the plugin owns, such as `nexo/admin/conf/`: starts with `nexo/admin/`, ends with
   * `/`, and names a namespace of its own, not the bare `nexo/admin/` nor one the daemon serves
   * (`agents`, `credentials`, `pairing`, `llm`, `channels`, `tenants`, `memory`, `sessions`,
   * `snapshots`, `policy`).
   */
  method_prefix: string;
  /** A method `<method_prefix>a/b` arrives on `<broker_topic_prefix>.a.b`; non-empty, no whitespace. */
  broker_topic_prefix: string;
  /** How long the daemon waits for the reply, in whole seconds (at least 1); 30 by default. */
  timeout_seconds?: number;
}

/** The `[plugin.metrics]` table: whether the daemon's `/metrics` includes the plugin's. */
export interface MetricsSection {
  /** Whether the daemon scrapes the plugin. Defaults to false. */
  prometheus?: boolean;
  /**
   * Scrapes arrive on `<broker_topic_prefix>.metrics.scrape`. Required and non-empty when
   * `prometheus` is true; never with whitespace.
   */
  broker_topic_prefix?: string;
  /** How long the daemon waits for a scrape, in whole seconds (at least 1); 5 by default. */
  timeout_seconds?: number;
}

/** The `[plugin.dashboard]` table: how the setup dashboard finds the plugin's instances and their state. */
export interface DashboardSection {
  /** Where the instances are. */
  layout: DashboardLayout;
  /** How an instance is known to be authenticated. */
  auth_check: DashboardAuthCheck;
}

/**
 * `single`: one instance, `default`. `workspace_walk`: one instance per directory under
 * `<workspace>/<agent>/<subdir>/`, where `subdir` is one non-empty path segment (no `/`).
 */
export type DashboardLayout = { kind: "single" } | { kind: "workspace_walk"; subdir: string };

/**
 * `file_presence`: authenticated when the secrets directory holds `path` (relative, non-empty).
 * `session_dir_files`: authenticated when the instance's directory holds any of `candidates`
 * (at least one).
 */
export type DashboardAuthCheck =
  | { kind: "file_presence"; path: string }
  | { kind: "session_dir_files"; candidates: string[] };

/** The `[plugin.credentials_schema]` table. */
export interface CredentialsSchemaSection {
  /** Whether the daemon sends the `plugin.credentials.*` requests. Defaults to false. */
  enabled?: boolean;
  /** One account (`"object"`) or several (`"array"`); informational. */
  accounts_shape?: "object" | "array";
}
