/**
 * The records, queries and matches of `memory.vector_*`: decoded from params with every field
 * checked (`-32602` naming the path), and a backend's answers checked before they are encoded.
 */
import { showValue } from "../../log";
import { isJsonObject, type JsonObject } from "../../wire/wire";
import { invalidParams, readCount, readList, readName, readObject, readOptionalObject, readString, type Fields } from "../params";

/** One record to store. */
export interface VectorRecord {
  readonly id: string;
  readonly content: string;
  readonly embedding: readonly number[];
  readonly metadata?: JsonObject;
}

/** A similarity query. */
export interface VectorQuery {
  readonly embedding: readonly number[];
  /** At most this many matches. */
  readonly limit: number;
  /** A backend-specific filter, as the daemon sent it. */
  readonly filter?: JsonObject;
}

/** One search result. */
export interface VectorMatch {
  id: string;
  content: string;
  /** Similarity; higher is closer. */
  score: number;
  metadata?: JsonObject;
}

/** `memory.vector_upsert`: store `records` in `collection`. */
export interface VectorUpsertRequest {
  readonly collection: string;
  readonly records: readonly VectorRecord[];
}

/** `memory.vector_search`: the closest records of `collection` to `query`. */
export interface VectorSearchRequest {
  readonly collection: string;
  readonly query: VectorQuery;
}

/** `memory.vector_delete`: remove `ids` from `collection`. */
export interface VectorDeleteRequest {
  readonly collection: string;
  readonly ids: readonly string[];
}

/** `params.backend` and `params.collection`, common to the three methods. */
export function readTarget(params: unknown): { fields: Fields; backend: string; collection: string } {
  const fields = readObject(params, "params");
  return {
    fields,
    backend: readName(fields["backend"], "params.backend"),
    collection: readName(fields["collection"], "params.collection"),
  };
}

/** An embedding: finite numbers, checked in one pass (embeddings run to thousands of dimensions). */
function readEmbedding(value: unknown, at: string): number[] {
  if (!Array.isArray(value)) throw invalidParams(at, `must be a list of numbers, got ${showValue(value)}`);
  for (let i = 0; i < value.length; i++) {
    const n: unknown = value[i];
    if (typeof n !== "number" || !Number.isFinite(n)) throw invalidParams(`${at}[${i}]`, `must be a finite number, got ${showValue(n)}`);
  }
  return value as number[];
}

function readRecord(value: unknown, at: string): VectorRecord {
  const record = readObject(value, at);
  const decoded = {
    id: readName(record["id"], `${at}.id`),
    content: readString(record["content"], `${at}.content`),
    embedding: readEmbedding(record["embedding"], `${at}.embedding`),
  };
  const metadata = readOptionalObject(record["metadata"], `${at}.metadata`);
  return metadata === undefined ? decoded : { ...decoded, metadata };
}

/** The records of `memory.vector_upsert`. */
export function readRecords(fields: Fields): VectorRecord[] {
  return readList(fields["records"], "params.records", readRecord);
}

/** The query of `memory.vector_search`. */
export function readQuery(fields: Fields): VectorQuery {
  const query = readObject(fields["query"], "params.query");
  const decoded = {
    embedding: readEmbedding(query["embedding"], "params.query.embedding"),
    limit: readCount(query["limit"], "params.query.limit"),
  };
  const filter = readOptionalObject(query["filter"], "params.query.filter");
  return filter === undefined ? decoded : { ...decoded, filter };
}

/** The ids of `memory.vector_delete`. */
export function readIds(fields: Fields): string[] {
  return readList(fields["ids"], "params.ids", readName);
}

/**
 * `{count}` for an upsert or delete: the handler's count, or `fallback` when it returned nothing.
 *
 * @throws TypeError when the handler returned something other than a non-negative integer.
 */
export function encodeCount(value: unknown, fallback: number, what: string): JsonObject {
  if (value === undefined) return { count: fallback };
  if (Number.isSafeInteger(value) && (value as number) >= 0) return { count: value as number };
  throw new TypeError(`${what} returned ${showValue(value)}, not a count (a non-negative integer) or nothing`);
}

/**
 * `{matches}` for a search.
 *
 * @throws TypeError naming the first match the daemon could not read.
 */
export function encodeMatches(value: unknown, what: string): JsonObject {
  if (!Array.isArray(value)) throw new TypeError(`${what} returned ${showValue(value)}, not a list of matches`);
  const matches = value.map((match: unknown, index): JsonObject => {
    const at = `${what} returned matches[${index}]`;
    if (!isJsonObject(match)) throw new TypeError(`${at} = ${showValue(match)}, not { id, content, score, metadata? }`);
    const { id, content, score, metadata } = match;
    if (typeof id !== "string") throw new TypeError(`${at}.id = ${showValue(id)}, not a string`);
    if (typeof content !== "string") throw new TypeError(`${at}.content = ${showValue(content)}, not a string`);
    if (typeof score !== "number" || !Number.isFinite(score)) throw new TypeError(`${at}.score = ${showValue(score)}, not a finite number`);
    if (metadata !== undefined && !isJsonObject(metadata)) throw new TypeError(`${at}.metadata = ${showValue(metadata)}, not an object`);
    const encoded: JsonObject = { id, content, score };
    if (metadata !== undefined) encoded["metadata"] = metadata as JsonObject;
    return encoded;
  });
  return { matches };
}
