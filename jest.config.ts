import type { Config } from "jest";

const config: Config = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // The wire tests spawn plugins that load dist/: build it first when it is missing or stale.
  globalSetup: "<rootDir>/test/support/build-once.ts",
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.json", isolatedModules: false }],
  },
  // Child-process tests spawn the built package; two cores are shared between workers and children.
  maxWorkers: 2,
  testTimeout: 30000,
};

export default config;
