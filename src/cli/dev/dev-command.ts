/**
 * `nexo-plugin dev`: the development host as a command.
 */
import { ManifestError } from "../../core";
import { EXIT, UsageError, type Command } from "../command";
import { runDevHost } from "./dev-host";
import { DevInputError } from "./session-file";
import { shouldColor } from "./transcript";

/** `nexo-plugin dev [plugin-dir] [--session FILE] [--answers FILE] [--nats [URL]]`. */
export const devCommand: Command = {
  name: "dev",
  summary: "run the plugin as the daemon would, play a session over the real wire, report whether it kept the contract",
  positionals: "[plugin-dir]",
  // The second is the URL of `--nats URL`.
  maxPositionals: 2,
  options: {
    nats: { type: "boolean", help: "run in NATS mode, against the nats:// URL that follows, or a local nats-server started for the session" },
    session: { type: "string", value: "FILE", help: "the steps to play (default <plugin-dir>/dev-session.json)" },
    answers: { type: "string", value: "FILE", help: "memory and LLM answers (default <plugin-dir>/dev-answers.json)" },
  },
  details: `
plugin-dir defaults to the current folder. Without a session file the host sends only
initialize and shutdown.

Exit codes: 0 contract kept, 1 contract broken, 2 bad usage or input files.`,
  async run({ positionals, values }) {
    const sessionFile = values["session"];
    const answersFile = values["answers"];
    const url = positionals.find((p) => p.startsWith("nats://"));
    const dirs = positionals.filter((p) => p !== url);
    if (url !== undefined && values["nats"] !== true) throw new UsageError(`${url} is a NATS URL: give it after --nats`);
    if (dirs.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(dirs[1])}`);
    try {
      const result = await runDevHost({
        pluginDir: dirs[0] ?? ".",
        ...(values["nats"] === true ? { nats: url === undefined ? {} : { url } } : {}),
        ...(typeof sessionFile === "string" ? { sessionFile } : {}),
        ...(typeof answersFile === "string" ? { answersFile } : {}),
        out: process.stdout,
        color: shouldColor(process.stdout),
      });
      return result.problems.length === 0 ? EXIT.ok : EXIT.failed;
    } catch (error) {
      // A bad session file or manifest is input the author fixes: reported like a usage error.
      if (error instanceof DevInputError || error instanceof ManifestError) throw new UsageError(error.message);
      throw error;
    }
  },
};
