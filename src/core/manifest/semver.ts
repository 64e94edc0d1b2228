/**
 * Syntax checks for Semantic Versioning 2.0 versions and for the version requirements npm and
 * Cargo write. Only the shape is checked: nothing here compares versions, since the daemon is
 * the one that decides whether its own version satisfies a plugin's requirement.
 */

/** A numeric identifier: semver forbids leading zeros. */
const NUMBER = "(?:0|[1-9]\\d*)";
/** A prerelease identifier: numeric ones may not have leading zeros, alphanumeric ones may. */
const PRERELEASE_ID = "(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)";
/** A build identifier: any non-empty run of alphanumerics and hyphens, leading zeros included. */
const BUILD_ID = "[0-9a-zA-Z-]+";
const PRERELEASE = `-${PRERELEASE_ID}(?:\\.${PRERELEASE_ID})*`;
const BUILD = `\\+${BUILD_ID}(?:\\.${BUILD_ID})*`;

const VERSION = new RegExp(`^${NUMBER}\\.${NUMBER}\\.${NUMBER}(?:${PRERELEASE})?(?:${BUILD})?$`);

const WILDCARD = "[xX*]";
const PART = `(?:${NUMBER}|${WILDCARD})`;
/**
 * `1`, `1.2`, `1.2.3`, with wildcards in any position; a prerelease only after a concrete patch
 * number, because `1.2-beta` and `1.2.x-beta` mean nothing to either npm or Cargo.
 */
const PARTIAL = `${PART}(?:\\.${PART}(?:\\.(?:${NUMBER}(?:${PRERELEASE})?|${WILDCARD}))?)?`;
const OPERATOR = "(?:>=|<=|>|<|=|\\^|~)";

const COMPARATOR = new RegExp(`^${OPERATOR}?${PARTIAL}$`);
const BARE_PARTIAL = new RegExp(`^${PARTIAL}$`);
const HYPHEN_RANGE = /^(\S+)\s+-\s+(\S+)$/;
/** Both npm and Cargo accept `>= 1.2.3`; gluing the operator on lets whitespace separate comparators. */
const OPERATOR_GAP = new RegExp(`(${OPERATOR})\\s+`, "g");
/** Cargo separates comparators with commas, npm with whitespace. */
const COMPARATOR_SEPARATOR = /\s*,\s*|\s+/;

/** True when `text` is a full semver 2.0 version: `MAJOR.MINOR.PATCH[-prerelease][+build]`. */
export function isSemverVersion(text: string): boolean {
  return VERSION.test(text);
}

/**
 * True when `text` is a version requirement in npm or Cargo syntax: comparator sets joined by
 * `||`, each either an npm hyphen range (`1.2.3 - 2.0.0`) or comparators separated by whitespace
 * and/or commas (`>=1.2, <2`, `^1.4 ~1.4.2`, `1.x`, `*`).
 */
export function isSemverRange(text: string): boolean {
  return text.split("||").every(isComparatorSet);
}

function isComparatorSet(set: string): boolean {
  const trimmed = set.trim();
  const hyphen = HYPHEN_RANGE.exec(trimmed);
  if (hyphen) return BARE_PARTIAL.test(hyphen[1]) && BARE_PARTIAL.test(hyphen[2]);
  // An empty set (a blank requirement, a dangling `||`) splits into [""], which no comparator matches.
  return trimmed
    .replace(OPERATOR_GAP, "$1")
    .split(COMPARATOR_SEPARATOR)
    .every((comparator) => COMPARATOR.test(comparator));
}
