/**
 * The ring of host calls awaiting their reply: found by id however the ring has wrapped or
 * grown, stragglers kept past its largest size, and every call handed back once, in id order.
 */
import { CallSlots, type SlottedCall } from "../src/core/host-calls/call-slots";

const call = (id: number): SlottedCall => ({ id });

describe("CallSlots", () => {
  it("finds each call while ids wrap around the ring many times, as calls settle in order", () => {
    const slots = new CallSlots<SlottedCall>();
    let deleted = 0;
    for (let id = 1; id <= 100_000; id++) {
      slots.add(call(id));
      if (id > 10 && slots.delete(id - 10)) deleted++;
    }
    expect(deleted).toBe(100_000 - 10);
    expect(slots.size).toBe(10);
    expect(slots.get(99_991)?.id).toBe(99_991);
    expect(slots.get(99_990)).toBeUndefined();
    expect(slots.takeAll().map((c) => c.id)).toEqual(Array.from({ length: 10 }, (_, i) => 99_991 + i));
  });

  it("keeps a slow call found while thousands of later calls come and go", () => {
    const slots = new CallSlots<SlottedCall>();
    slots.add(call(1));
    let deleted = 0;
    for (let id = 2; id <= 50_000; id++) {
      slots.add(call(id));
      if (slots.get(id)?.id === id && slots.delete(id)) deleted++;
    }
    expect(deleted).toBe(50_000 - 1);
    expect(slots.get(1)?.id).toBe(1);
    expect(slots.size).toBe(1);
    expect(slots.delete(1)).toBe(true);
    expect(slots.size).toBe(0);
  });

  it("holds more calls at once than its largest ring, each found and handed back once, in id order", () => {
    const slots = new CallSlots<SlottedCall>();
    const count = 20_000;
    for (let id = 1; id <= count; id++) slots.add(call(id));
    expect(slots.size).toBe(count);
    for (const id of [1, 2, 8192, 8193, 16_385, count]) expect(slots.get(id)?.id).toBe(id);
    expect(slots.delete(8193)).toBe(true);
    expect(slots.delete(8193)).toBe(false);
    const taken = slots.takeAll().map((c) => c.id);
    expect(taken).toHaveLength(count - 1);
    expect(taken).toEqual([...taken].sort((a, b) => a - b));
    expect(new Set(taken).size).toBe(count - 1);
    expect(slots.size).toBe(0);
    expect(slots.get(1)).toBeUndefined();
  });

  it("answers nothing for ids it never held, fractions and NaN included", () => {
    const slots = new CallSlots<SlottedCall>();
    slots.add(call(1));
    slots.add(call(65));
    for (const id of [0, 2, 1.5, 129, -1, Number.NaN]) {
      expect(slots.get(id)).toBeUndefined();
      expect(slots.delete(id)).toBe(false);
    }
    expect(slots.size).toBe(2);
  });
});
