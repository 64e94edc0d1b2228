/**
 * `[plugin.pairing.trigger]`: the daemon starts and cancels a QR pairing by calling two admin
 * methods, `start_method` with `{challenge_id, agent_id, instance}` and `cancel_method` with
 * `{challenge_id}`; the reply is an admin reply. These helpers turn a start and a cancel
 * handler into admin methods, to be served with the plugin's others by `serveAdminMethods`.
 */
import { ManifestError } from "../../errors";
import type { Manifest } from "../../manifest/manifest";
import { showValue } from "../../log";
import { isJsonObject } from "../../wire/wire";
import { adminNameOf } from "../admin/admin-names";
import type { AdminContext, AdminMethodDef, AdminParamsParser } from "../admin/admin-types";
import type { PairingCancelParams, PairingStartParams } from "./pairing-types";

/** The trigger's handlers; each returns the admin `result`. */
export interface PairingTriggerHandlers {
  start?: (params: PairingStartParams, context: AdminContext) => unknown;
  cancel?: (params: PairingCancelParams, context: AdminContext) => unknown;
}

/**
 * The admin methods serving `handlers` at the manifest's trigger methods.
 *
 * @param labels names each handler in messages (such as `Wa.startPairing`).
 * @throws ManifestError when `[plugin.pairing.trigger]` or `[plugin.admin]` is missing, or a
 * trigger method is not under `[plugin.admin] method_prefix`.
 */
export function pairingTriggerAdminMethods(
  manifest: Manifest,
  handlers: PairingTriggerHandlers,
  labels: { start?: string; cancel?: string } = {},
): AdminMethodDef[] {
  const trigger = manifest.plugin.pairing?.trigger;
  const given = (["start", "cancel"] as const).filter((role) => handlers[role] !== undefined);
  const names = given.map((role) => labels[role] ?? `pairing ${role}`).join(", ");
  if (!trigger) {
    throw new ManifestError("plugin.pairing.trigger", `is missing, so the daemon never calls ${names}: add start_method and cancel_method`);
  }
  const admin = manifest.plugin.admin;
  if (!admin) {
    throw new ManifestError("plugin.admin", `is missing: the pairing trigger's methods are admin methods, so ${names} needs [plugin.admin]`);
  }
  return given.map((role) => {
    const key = role === "start" ? "start_method" : "cancel_method";
    const method = trigger[key];
    const name = adminNameOf(admin.method_prefix, method);
    if (name === undefined) {
      throw new ManifestError(
        `plugin.pairing.trigger.${key}`,
        `${JSON.stringify(method)} is not under [plugin.admin] method_prefix ${JSON.stringify(admin.method_prefix)}, so it never reaches the plugin`,
      );
    }
    const handler = handlers[role]!;
    return {
      name,
      label: labels[role] ?? `pairing ${role}`,
      parseParams: role === "start" ? parseStart : parseCancel,
      handler: handler as AdminMethodDef["handler"],
    };
  });
}

const parseStart: AdminParamsParser = (params) => {
  const problem = stringFields(params, ["challenge_id", "agent_id", "instance"]);
  return problem ? { ok: false, error: problem } : { ok: true, value: params };
};

const parseCancel: AdminParamsParser = (params) => {
  const problem = stringFields(params, ["challenge_id"]);
  return problem ? { ok: false, error: problem } : { ok: true, value: params };
};

function stringFields(params: unknown, keys: readonly string[]): string | undefined {
  if (!isJsonObject(params)) return `params must be an object with ${keys.join(", ")}, got ${showValue(params)}`;
  for (const key of keys) {
    if (typeof params[key] !== "string" || params[key] === "") return `${key} must be a non-empty string, got ${showValue(params[key])}`;
  }
  return undefined;
}
