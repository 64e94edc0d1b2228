/**
 * Typed vector backend failures (`-33301..-33304`). Throw one from a backend handler: it is
 * answered with its code, message and `data` as the daemon reads them.
 */
import { RpcReplyError } from "../../runtime/method-table";
import { retryAfterData } from "../retry-after";

/** The vector backend error codes. */
export const VectorErrorCode = {
  CollectionNotFound: -33301,
  DimensionMismatch: -33302,
  RateLimited: -33303,
  WriteFailed: -33304,
} as const;

/** Base class of the typed vector backend failures. */
export class VectorBackendError extends RpcReplyError {}

/** The collection does not exist (`-33301`); `data` is `{collection}`. */
export class VectorCollectionNotFoundError extends VectorBackendError {
  declare readonly data: { collection: string };
  /** The collection that was asked for. */
  readonly collection: string;

  constructor(collection: string, message = `collection not found: ${collection}`) {
    super(VectorErrorCode.CollectionNotFound, message, { collection });
    this.collection = collection;
  }
}

/** An embedding has the wrong length for the collection (`-33302`); `data` is `{expected, got}`. */
export class VectorDimensionMismatchError extends VectorBackendError {
  declare readonly data: { expected: number; got: number };
  /** The collection's dimension. */
  readonly expected: number;
  /** The dimension that was sent. */
  readonly got: number;

  constructor(expected: number, got: number, message = `dimension mismatch: expected ${expected}, got ${got}`) {
    super(VectorErrorCode.DimensionMismatch, message, { expected, got });
    this.expected = expected;
    this.got = got;
  }
}

/** The backend is throttling (`-33303`); `data` is `{retry_after_secs}`. */
export class VectorRateLimitedError extends VectorBackendError {
  declare readonly data: { retry_after_secs: number };
  /** When the daemon may try again, in whole seconds. */
  readonly retryAfterSecs: number;

  /** @throws RangeError when `retryAfterSecs` is not a non-negative integer. */
  constructor(retryAfterSecs: number, message = `rate limited: retry after ${retryAfterSecs} s`) {
    super(VectorErrorCode.RateLimited, message, retryAfterData(retryAfterSecs));
    this.retryAfterSecs = retryAfterSecs;
  }
}

/** The backend could not store or delete (`-33304`). */
export class VectorWriteFailedError extends VectorBackendError {
  constructor(message = "write failed") {
    super(VectorErrorCode.WriteFailed, message);
  }
}
