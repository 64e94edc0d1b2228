/**
 * How the development host plays the steps of a session file, each as the daemon would send
 * it: an event (over stdio, and on NATS in NATS mode), a tool call, a pause, a configuration
 * hot reload, a shutdown, or a broker service request. After a step that the plugin answers,
 * the host waits for it to go quiet so the transcript reads in order.
 */
import type { Manifest } from "../../core/manifest/manifest";
import { isJsonObject, type JsonObject } from "../../core/wire/wire";
import type { HostPeer } from "../../testing/host-peer";
import { playConfigure, type ConfigureHost } from "./configure-step";
import type { DevNats } from "./dev-nats";
import type { ServiceStepPlayer } from "./service-steps";
import type { SessionStep } from "./session-file";
import { sleep } from "./sleep";
import { preview } from "./transcript";

/** What the host lends the step runners. */
export interface StepHost extends ConfigureHost {
  readonly manifest: Manifest;
  readonly peer: HostPeer;
  /** The session's NATS connection, in NATS mode. */
  readonly nats: DevNats | undefined;
  readonly services: ServiceStepPlayer;
  /** Limits, in milliseconds (the daemon's defaults unless set). */
  readonly options: { readonly toolTimeoutMs?: number; readonly shutdownTimeoutMs?: number };
  /** Waits until the plugin has been quiet for a moment. */
  settle(): Promise<void>;
}

/** Plays one step; what goes wrong is recorded as a problem, never thrown. */
export async function playStep(host: StepHost, step: SessionStep): Promise<void> {
  switch (step.kind) {
    case "event": {
      const event = {
        id: randomEventId(),
        timestamp: new Date().toISOString(),
        topic: step.topic,
        source: step.source,
        session_id: step.sessionId,
        payload: step.payload,
      };
      host.transcript.sent(`${host.nats ? "nats" : "broker.event"} ${step.topic}`, step.payload);
      // In NATS mode the daemon publishes on NATS and still forwards over stdio, which the plugin must ignore.
      if (host.nats) await host.nats.publish(step.topic, JSON.stringify(event));
      host.peer.notify("broker.event", { topic: step.topic, event });
      await host.settle();
      return;
    }
    case "tool": {
      const params: JsonObject = { plugin_id: host.manifest.plugin.id, tool_name: step.name, args: step.args, agent_id: step.agentId };
      host.transcript.sent(`tool.invoke ${step.name}`, step.args);
      const timeoutMs = host.options.toolTimeoutMs ?? 60_000;
      await host.ask("tool.invoke", params, timeoutMs, `no reply to tool.invoke ${step.name} within ${timeoutMs / 1000} s`);
      await host.settle();
      return;
    }
    case "pause":
      host.transcript.note(`pause ${step.ms} ms`);
      await sleep(step.ms);
      return;
    case "configure":
      await playConfigure(host, host.manifest, step.value, true);
      await host.settle();
      return;
    case "shutdown":
      await playShutdown(host, step.reason);
      return;
    default:
      await host.services.play(step);
      await host.settle();
  }
}

async function playShutdown(host: StepHost, reason: string): Promise<void> {
  host.transcript.sent("shutdown", { reason });
  const timeoutMs = host.options.shutdownTimeoutMs ?? 5000;
  const reply = await host.ask("shutdown", { reason }, timeoutMs, `no reply to shutdown within ${timeoutMs / 1000} s`);
  if (reply && !(isJsonObject(reply.result) && reply.result["ok"] === true)) {
    host.problem(`shutdown answered ${preview(reply)} instead of {"ok": true}`);
  }
}

function randomEventId(): string {
  return globalThis.crypto.randomUUID();
}
