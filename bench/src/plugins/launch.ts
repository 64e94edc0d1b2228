/**
 * Starts a plugin under measurement the way a release's launcher (`bin/<id>`, written by
 * `nexo-plugin pack`) starts it: Node's compile cache is turned on first, where Node has one
 * (22.8 and later), then the plugin's script runs in the same process. Every plugin, the ceiling
 * too, is started through it, so each gets what a deployed plugin gets.
 *
 * Usage: `node launch.js <plugin script>`.
 */
import * as nodeModule from "node:module";

const compileCache = nodeModule as { enableCompileCache?: () => unknown };
compileCache.enableCompileCache?.();
const script = process.argv[2];
if (script === undefined) throw new Error("usage: node launch.js <plugin script>");
// The plugin sees itself started as `node <script>`, as the release launcher arranges.
process.argv.splice(1, 2, script);
require(script);
