/**
 * class-validator and class-transformer, loaded on first use. Importing them costs tens of
 * milliseconds and megabytes, so a plugin that declares no DTO never pays for them.
 */
import type * as ClassTransformer from "class-transformer";
import type * as ClassValidator from "class-validator";

/** The two libraries the validation layer is built on. */
export interface ValidationLibraries {
  readonly validator: typeof ClassValidator;
  readonly transformer: typeof ClassTransformer;
}

let loaded: ValidationLibraries | undefined;

/** Loads the libraries once and returns them. */
export function validationLibraries(): ValidationLibraries {
  loaded ??= {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    validator: require("class-validator") as typeof ClassValidator,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    transformer: require("class-transformer") as typeof ClassTransformer,
  };
  return loaded;
}
