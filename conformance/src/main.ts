/**
 * The conformance fixture's command line (FIXTURE.md, "Invocation").
 */
import { createPlugin, PRINT_MANIFEST_FLAG, ToolNotFoundError } from "../../dist";
import { FixtureConfigError, parseFixtureConfig } from "./config";
import { buildFixturePlugin, fixtureToolDef } from "./fixture-plugin";

const CAPABILITIES = ["core", "memory", "llm", "tools", "routing", "configure", "credentials", "services", "nats"];
const USAGE = "usage: fixture --print-capabilities | fixture --config '<json>' [--print-manifest]\n";

function main(argv: readonly string[]): void {
  if (argv.length === 1 && argv[0] === "--print-capabilities") {
    process.stdout.write(JSON.stringify(CAPABILITIES) + "\n");
    return;
  }
  // `--print-manifest` is answered by the SDK itself when the plugin runs, as in any plugin binary.
  const printsManifest = argv.length === 3 && argv[2] === PRINT_MANIFEST_FLAG;
  if ((argv.length !== 2 && !printsManifest) || argv[0] !== "--config") return usage();
  let config;
  try {
    config = parseFixtureConfig(argv[1]!);
  } catch (error) {
    if (error instanceof FixtureConfigError) return usage(error.message);
    throw error;
  }
  let app;
  try {
    app = createPlugin(buildFixturePlugin(config), { handleProcessSignals: config.handleSignals });
    // Two configs the decorator API has no spelling for, since there a tool exists only as a
    // decorated method: declared tools with no tool handling (advertised, calls get -32601), and
    // tool handling with no declared tool (every call is a tool-not-found failure).
    if (!config.toolBehaviours && config.declareTools.length > 0) app.adapter.tools(config.declareTools.map(fixtureToolDef));
    if (config.toolBehaviours && config.declareTools.length === 0) {
      app.adapter.onTool((invocation) => {
        throw new ToolNotFoundError(invocation.toolName);
      });
    }
  } catch (error) {
    // A config the SDK refuses (bad manifest, bad pattern, a tool outside the catalog) is a
    // start-up failure: one line, exit 1.
    process.stderr.write(`fixture: cannot start: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
    process.exitCode = 1;
    return;
  }
  void app.adapter.run();
}

function usage(problem?: string): void {
  process.stderr.write((problem ? `fixture: ${problem}\n` : "") + USAGE);
  process.exitCode = 2;
}

main(process.argv.slice(2));
