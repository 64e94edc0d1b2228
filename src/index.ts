import "reflect-metadata";
/**
 * nexoai: write nexo daemon plugins in TypeScript.
 *
 * @packageDocumentation
 */
export * from "./core";
