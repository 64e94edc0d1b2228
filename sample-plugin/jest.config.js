/** The sample plugin's own tests, runnable from this folder with `npx jest`. */
module.exports = {
  displayName: "sample-plugin",
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testTimeout: 30000,
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.test.json" }] },
};
