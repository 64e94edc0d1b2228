/**
 * Starts a plugin under measurement the way a release's launcher (`bin/<id>`, written by
 * `nexo-plugin pack`) starts it: Node's compile cache is turned on first, where Node has one
 * (22.1 and later), then the plugin's script runs in the same process. Every plugin, the ceiling
 * too, is started through it, so each gets what a deployed plugin gets.
 *
 * Usage: `node launch.js <plugin script>`.
 */
import * as nodeModule from "node:module";

const compileCache = nodeModule as { enableCompileCache?: () => unknown };
compileCache.enableCompileCache?.();
const [script] = process.argv.splice(2, 1);
if (script === undefined) throw new Error("usage: node launch.js <plugin script>");
require(script);
