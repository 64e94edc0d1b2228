/**
 * The compiler flags the decorators need (README "Writing a plugin"): `experimentalDecorators`
 * (without it TypeScript emits standard decorators, which the SDK's refuse at load time) and
 * `emitDecoratorMetadata` (class-validator and class-transformer read the design types);
 * `useDefineForClassFields: false` is recommended, since otherwise every DTO field becomes an
 * own `undefined` property (the default for targets ES2022 and newer).
 */
import type { Finding } from "../findings";
import { findingsOf, type CheckRule } from "./rule";

const finding = findingsOf("tsconfig");

/** ES2022 and newer, and ESNext, define class fields by default. */
const DEFINE_BY_DEFAULT = /^(es202[2-9]|es20[3-9]\d|esnext|latest)$/;

/** Decorator flags in tsconfig. */
export const tsconfigRule: CheckRule = {
  name: "tsconfig",
  description: "tsconfig has the decorator flags: experimentalDecorators, emitDecoratorMetadata (and useDefineForClassFields: false)",
  check(context) {
    const file = context.tsconfigFile;
    if (file === undefined) return [];
    if (context.tsconfigProblem) return [finding("warning", file, "", `not checked: ${context.tsconfigProblem}`)];
    const flags = context.compilerFlags!;
    const findings: Finding[] = [];
    if (flags.experimentalDecorators !== true) {
      findings.push(finding("error", file, "compilerOptions.experimentalDecorators", "must be true: the decorators are TypeScript's legacy decorators"));
    }
    if (flags.emitDecoratorMetadata !== true) {
      findings.push(finding("error", file, "compilerOptions.emitDecoratorMetadata", "must be true: class-validator and class-transformer read the design types it emits"));
    }
    const defines = flags.useDefineForClassFields ?? DEFINE_BY_DEFAULT.test(flags.target ?? "");
    if (defines) {
      const why = flags.useDefineForClassFields === undefined ? ` (the default for target ${flags.target})` : "";
      findings.push(finding("warning", file, "compilerOptions.useDefineForClassFields", `should be false${why}: otherwise every DTO field becomes an own undefined property`));
    }
    return findings;
  },
};
