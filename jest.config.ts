import type { Config } from "jest";

const config: Config = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.json", isolatedModules: false }],
  },
  // Child-process tests spawn the built package; two cores are shared between workers and children.
  maxWorkers: 2,
  testTimeout: 30000,
};

export default config;
