// Replaces dist/index.js, the package entry, with a single-file bundle of src/index.ts.
// A plugin's start-up is part of the daemon's contract (the initialize reply is timed), and
// resolving and compiling some forty small modules cost more than the code itself.
// Dependencies stay external; tsc's per-module output remains beside it for the subpath
// entries (testing, cli), which import the entry for anything whose identity matters.
"use strict";
const path = require("node:path");
const esbuild = require("esbuild");

esbuild.buildSync({
  entryPoints: [path.join(__dirname, "..", "src", "index.ts")],
  outfile: path.join(__dirname, "..", "dist", "index.js"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
