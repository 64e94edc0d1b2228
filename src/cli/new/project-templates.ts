/**
 * The configuration files of a new plugin project. Dependency ranges are this package's own, so
 * a new project builds with the versions nexoai is tested with.
 */
import type { ScaffoldNames } from "./names";

/** The ranges a new project depends on. */
export interface ScaffoldVersions {
  readonly nexoai: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}

/** `package.json`. */
export function packageJson(names: ScaffoldNames, versions: ScaffoldVersions): string {
  const pkg = {
    name: names.packageName,
    version: "0.1.0",
    private: true,
    description: names.description,
    main: "dist/main.js",
    scripts: {
      build: "tsc -p tsconfig.json",
      test: "jest",
      start: "npm run build && nexo-plugin dev",
      check: "npm run build && nexo-plugin check",
      pack: "npm run build && nexo-plugin pack --out release",
    },
    dependencies: { ...versions.dependencies, nexoai: versions.nexoai },
    devDependencies: versions.devDependencies,
  };
  return `${JSON.stringify(sortDependencies(pkg), null, 2)}\n`;
}

function sortDependencies<T extends { dependencies: Record<string, string>; devDependencies: Readonly<Record<string, string>> }>(pkg: T): T {
  const sorted = (deps: Readonly<Record<string, string>>): Record<string, string> =>
    Object.fromEntries(Object.entries(deps).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { ...pkg, dependencies: sorted(pkg.dependencies), devDependencies: sorted(pkg.devDependencies) };
}

/** `nexo-plugin.toml`. */
export function manifestToml(names: ScaffoldNames): string {
  return `[plugin]
id = "${names.id}"
version = "0.1.0"
name = ${JSON.stringify(names.title)}
description = ${JSON.stringify(names.description)}
min_nexo_version = ">=0.1.0"

[plugin.requires]
nexo_capabilities = ["broker"]

# bin/${names.id} is the launcher \`nexo-plugin pack\` puts in the release; during development
# \`nexo-plugin dev\` runs package.json "main" instead.
[plugin.entrypoint]
command = "bin/${names.id}"

# The channel subscribes the plugin to plugin.outbound.${names.id}[.>] and lets it publish on
# plugin.inbound.${names.id}[.>].
[[plugin.channels.register]]
kind = "${names.id}"
adapter = "${names.className.replace(/Plugin$/, "")}ChannelAdapter"

[plugin.extends]
tools = ["${names.id}_greet"]
`;
}

/** `tsconfig.json`: the build, with the flags the decorators need. */
export function tsconfigJson(): string {
  return `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "commonjs",
    "moduleResolution": "node",
    "strict": true,
    "experimentalDecorators": true,
    "emitDecoratorMetadata": true,
    "useDefineForClassFields": false,
    "esModuleInterop": true,
    "skipLibCheck": true,
    "rootDir": "src",
    "outDir": "dist",
    "types": ["node"]
  },
  "include": ["src"]
}
`;
}

/** `tsconfig.test.json`: what ts-jest compiles the tests with. */
export function tsconfigTestJson(): string {
  return `{
  "extends": "./tsconfig.json",
  "compilerOptions": { "rootDir": ".", "noEmit": true, "types": ["node", "jest"] },
  "include": ["src", "test"]
}
`;
}

/** `jest.config.js`. */
export function jestConfig(): string {
  return `/** Jest runs the TypeScript tests through ts-jest. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  transform: { "^.+\\\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.test.json" }] },
};
`;
}

/** `dev-session.json`: what \`npm start\` plays against the plugin. */
export function devSession(names: ScaffoldNames): string {
  const steps = [
    { event: { topic: `plugin.outbound.${names.id}`, payload: { text: "hello" } } },
    { tool: { name: `${names.id}_greet`, args: { name: "Ada" } } },
    { tool: { name: `${names.id}_greet`, args: { name: "" } } },
    { shutdown: "session finished" },
  ];
  return `[\n${steps.map((step) => `  ${JSON.stringify(step)}`).join(",\n")}\n]\n`;
}

/** `.gitignore`. */
export function gitignore(): string {
  return "node_modules/\ndist/\nrelease/\n";
}
