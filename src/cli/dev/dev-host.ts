/**
 * The development host: starts a plugin the way the daemon does, plays a session against it
 * over the real wire, answers its host calls, checks what the daemon checks, and prints a
 * transcript. The result says whether the plugin kept the contract.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import type { Writable } from "node:stream";
import { readManifestFile } from "../../core/manifest/manifest";
import { isJsonObject, type JsonValue } from "../../core/wire/wire";
import { defaultAnswers, readAnswersFile } from "./answers-file";
import { startDevNats } from "./dev-nats";
import { DevSession, type DevHostResult, type SessionSettings } from "./dev-session";
import { resolvePluginCommand, spawnPlugin } from "./plugin-process";
import { readSessionFile, type SessionStep } from "./session-file";
import { Transcript } from "./transcript";

/** Options of {@link runDevHost}. */
export interface DevHostOptions extends SessionSettings {
  /** The plugin's folder (holding `nexo-plugin.toml`). */
  readonly pluginDir: string;
  /** Session file; default `<pluginDir>/dev-session.json` when present, else just handshake and shutdown. */
  readonly sessionFile?: string;
  /** Answers file; default `<pluginDir>/dev-answers.json` when present, else empty memory and an echoing LLM. */
  readonly answersFile?: string;
  /** Where the transcript goes. */
  readonly out: Writable;
  readonly color: boolean;
  /** Runs the plugin in NATS mode: against `url`, or a local nats-server started for the session. */
  readonly nats?: { readonly url?: string };
}

/** Plays one session. Input files are read first, so a bad file fails before anything starts. */
export async function runDevHost(options: DevHostOptions): Promise<DevHostResult> {
  const pluginDir = path.resolve(options.pluginDir);
  const manifest = readManifestFile(path.join(pluginDir, "nexo-plugin.toml"));
  const sessionFile = options.sessionFile ?? existing(path.join(pluginDir, "dev-session.json"));
  const answersFile = options.answersFile ?? existing(path.join(pluginDir, "dev-answers.json"));
  const steps: SessionStep[] = sessionFile ? readSessionFile(sessionFile) : [{ kind: "shutdown", reason: "no session" }];
  const answers = answersFile ? readAnswersFile(answersFile) : defaultAnswers();
  const command = resolvePluginCommand(pluginDir, manifest);
  const transcript = new Transcript(options.out, options.color);
  const nats = options.nats
    ? await startDevNats(options.nats.url, (subject, body) => transcript.received(`nats ${subject}`, natsPayload(body)))
    : undefined;
  transcript.line(transcript.paint("plain", `nexo-plugin dev: ${manifest.plugin.id} ${manifest.plugin.version} (${command.origin})`));
  if (sessionFile) transcript.line(transcript.paint("dim", `session ${path.relative(process.cwd(), sessionFile)}, ${steps.length} steps`));
  if (nats) transcript.line(transcript.paint("dim", `NATS mode: ${nats.url}${nats.started ? " (nats-server started for this session)" : ""}`));
  const env = nats ? { ...command.env, NEXO_BROKER_KIND: "nats", NEXO_BROKER_URL: nats.url } : command.env;
  try {
    return await new DevSession(manifest, steps, answers, spawnPlugin({ ...command, env }), transcript, options, nats).play();
  } finally {
    await nats?.close();
  }
}

/** A NATS body as the transcript shows it: an Event's payload, else the body. */
function natsPayload(body: string): JsonValue {
  try {
    const value = JSON.parse(body) as JsonValue;
    return isJsonObject(value) && "payload" in value ? (value["payload"] ?? null) : value;
  } catch {
    return body;
  }
}

function existing(file: string): string | undefined {
  return existsSync(file) ? file : undefined;
}
