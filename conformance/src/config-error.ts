/**
 * The error of a config the fixture cannot run.
 */

/** A config the fixture cannot run: the message names the key. */
export class FixtureConfigError extends Error {}
