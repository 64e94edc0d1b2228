/**
 * The requests still owed a reply, as a list linked through the entries themselves.
 *
 * A Set would do the same job, but one that fills and empties with every input chunk (hundreds
 * of pipelined requests, then none) replaces its hash table at each growth and shrink, and each
 * replaced table keeps a link to its successor and its old entries. Once one of those tables
 * has been promoted to the old generation, the scavenger must treat everything it reaches as
 * alive: every later table and every request in them are promoted too, until a full collection,
 * which took a plugin's peak memory up by half and its CPU per tool call by a third. A linked
 * list allocates nothing, and an entry leaving it drops its links, so a dead entry keeps nothing
 * alive.
 */

/** The links an entry of an {@link OwedList} carries. */
export interface OwedLinks<T> {
  /** The entry before this one; undefined at the head or when not listed. */
  owedPrev: T | undefined;
  /** The entry after this one; undefined at the tail or when not listed. */
  owedNext: T | undefined;
}

/** An insertion-ordered list of entries that carry their own links. */
export class OwedList<T extends OwedLinks<T>> {
  private head: T | undefined;
  private tail: T | undefined;

  /** Appends `entry`, which must not be listed already. */
  add(entry: T): void {
    entry.owedPrev = this.tail;
    entry.owedNext = undefined;
    if (this.tail) this.tail.owedNext = entry;
    else this.head = entry;
    this.tail = entry;
  }

  /** Removes `entry`; returns false when it was not listed (already removed or taken). */
  delete(entry: T): boolean {
    if (entry.owedPrev === undefined && this.head !== entry) return false;
    if (entry.owedPrev) entry.owedPrev.owedNext = entry.owedNext;
    else this.head = entry.owedNext;
    if (entry.owedNext) entry.owedNext.owedPrev = entry.owedPrev;
    else this.tail = entry.owedPrev;
    entry.owedPrev = undefined;
    entry.owedNext = undefined;
    return true;
  }

  /** Removes every entry and returns them in the order they were added. */
  takeAll(): T[] {
    const entries: T[] = [];
    for (let entry = this.head; entry !== undefined; ) {
      const next: T | undefined = entry.owedNext;
      entry.owedPrev = undefined;
      entry.owedNext = undefined;
      entries.push(entry);
      entry = next;
    }
    this.head = undefined;
    this.tail = undefined;
    return entries;
  }
}
