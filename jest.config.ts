import type { Config } from "jest";

const config: Config = {
  // The wire tests spawn plugins that load dist/: build it first when it is missing or stale.
  globalSetup: "<rootDir>/test/support/build-once.ts",
  // Child-process tests spawn the built package; two cores are shared between workers and children.
  maxWorkers: 2,
  testTimeout: 30000,
  projects: [
    {
      displayName: "nexoai",
      testEnvironment: "node",
      roots: ["<rootDir>/test"],
      testMatch: ["**/*.test.ts"],
      transform: {
        "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.json", isolatedModules: false }],
      },
    },
    // The sample plugin's own tests, run the way its authors would run them.
    "<rootDir>/sample-plugin/jest.config.js",
  ],
};

export default config;
