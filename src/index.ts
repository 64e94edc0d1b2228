import "reflect-metadata";
/**
 * nexoai: write nexo daemon plugins in TypeScript, as decorated classes run by `bootstrap()`,
 * or with the decorator-free `PluginAdapter`.
 *
 * @packageDocumentation
 */
export * from "./core";
export * from "./decorators";
export * from "./bootstrap";
export { schemaFromDto, validateDto } from "./validation";
export type { DtoValidation, ValidationDetail } from "./validation";
