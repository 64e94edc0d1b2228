/**
 * The checks of `[plugin.pairing]` (SERVICES.md section 4): each key's type, then the rules that
 * tie `fields`, `rpc_namespace` and `trigger` to the pairing `kind`.
 */
import {
  checkPresent,
  expectBool,
  expectNonBlank,
  expectOneOf,
  expectString,
  expectStringTable,
  expectTable,
  expectTimeoutSeconds,
  fail,
  integerIn,
  required,
  show,
  type Table,
} from "./field-checks";
import type { PairingKind } from "./service-types";

const PAIRING_KINDS: readonly PairingKind[] = ["qr", "form", "info", "custom"];

/** Checks the `[plugin.pairing]` table found at `field`. */
export function checkPairing(value: unknown, field: string): void {
  const pairing = expectTable(value, field);
  const kind = pairing.kind === undefined ? undefined : expectOneOf(pairing.kind, `${field}.kind`, PAIRING_KINDS);
  checkPresent(pairing, field, {
    label: expectString,
    instructions: expectStringTable,
    fields: checkFields,
    rpc_namespace: expectString,
    instance_field: expectString,
    adapter: checkAdapter,
    trigger: checkTrigger,
  });
  checkKindRules(pairing, field, kind);
}

function checkFields(value: unknown, field: string): void {
  if (!Array.isArray(value)) fail(field, `must be an array of tables ([[${field}]]), got ${show(value)}`);
  value.forEach((entry, index) => {
    const at = `${field}[${index}]`;
    const input = expectTable(entry, at);
    expectString(required(input, "name", at), `${at}.name`);
    expectString(required(input, "label", at), `${at}.label`);
    checkPresent(input, at, {
      help: expectString,
      placeholder: expectString,
      sensitive: expectBool,
      required: expectBool,
    });
  });
}

function checkAdapter(value: unknown, field: string): void {
  const adapter = expectTable(value, field);
  expectString(required(adapter, "channel_id", field), `${field}.channel_id`);
  expectString(required(adapter, "broker_topic_prefix", field), `${field}.broker_topic_prefix`);
  checkPresent(adapter, field, {
    format_challenge_text_kind: expectString,
    // Zero is a meaningful TTL (never reuse a result), unlike a zero timeout.
    normalize_cache_ttl_seconds: integerIn(0, Infinity),
  });
}

function checkTrigger(value: unknown, field: string): void {
  const trigger = expectTable(value, field);
  expectNonBlank(required(trigger, "start_method", field), `${field}.start_method`);
  expectNonBlank(required(trigger, "cancel_method", field), `${field}.cancel_method`);
  checkPresent(trigger, field, { timeout_seconds: expectTimeoutSeconds });
}

/**
 * The daemon's rules tying keys to `kind`. Without a `kind` the section declares no pairable
 * channel, so only the trigger rule applies.
 */
function checkKindRules(pairing: Table, field: string, kind: PairingKind | undefined): void {
  const inputs = (pairing.fields as unknown[] | undefined) ?? [];
  if (pairing.trigger !== undefined && kind !== "qr") {
    const actual = kind === undefined ? "no kind is set" : `kind is ${show(kind)}`;
    fail(`${field}.trigger`, `is only for kind = "qr", but ${actual}`);
  }
  if (kind === "form" && inputs.length === 0) {
    fail(`${field}.fields`, `kind = "form" needs at least one [[${field}.fields]] entry`);
  }
  if ((kind === "info" || kind === "custom") && inputs.length > 0) {
    fail(`${field}.fields`, `must be empty for kind = ${show(kind)}, got ${show(inputs)}`);
  }
  if (kind === "custom") {
    if (pairing.rpc_namespace === undefined) fail(`${field}.rpc_namespace`, `is required for kind = "custom"`);
    if (pairing.rpc_namespace === "") fail(`${field}.rpc_namespace`, `must not be empty for kind = "custom"`);
  }
}
