// Writes dist/index.mjs: an ES module facade over the CommonJS build, so `import` and
// `require()` share one module instance (no dual-package state such as two metadata stores).
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const dist = path.join(__dirname, "..", "dist");
const entries = [
  ["index.js", "index.mjs"],
  ["testing/index.js", "testing/index.mjs"],
];

for (const [cjsFile, esmFile] of entries) {
  const exported = Object.keys(require(path.join(dist, cjsFile))).filter((name) => name !== "__esModule");
  const lines = [
    `import cjs from "./${path.basename(cjsFile)}";`,
    ...exported.map((name) => `export const ${name} = cjs.${name};`),
    "export default cjs;",
    "",
  ];
  fs.writeFileSync(path.join(dist, esmFile), lines.join("\n"));
}
