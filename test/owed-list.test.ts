/**
 * The list of requests owed a reply: insertion order, removal from anywhere, and no links left
 * on an entry once it is out of the list (a dead entry must not keep later ones reachable).
 */
import { OwedList, type OwedLinks } from "../src/core/runtime/owed-list";

interface Entry extends OwedLinks<Entry> {
  readonly name: string;
}

const entry = (name: string): Entry => ({ name, owedPrev: undefined, owedNext: undefined });
const names = (entries: readonly Entry[]): string[] => entries.map((e) => e.name);

describe("OwedList", () => {
  it("takes every entry in the order added, and is empty afterwards", () => {
    const list = new OwedList<Entry>();
    const all = ["a", "b", "c", "d"].map(entry);
    for (const e of all) list.add(e);
    expect(names(list.takeAll())).toEqual(["a", "b", "c", "d"]);
    expect(list.takeAll()).toEqual([]);
  });

  it("removes the head, the tail and a middle entry, keeping the rest in order", () => {
    const list = new OwedList<Entry>();
    const [a, b, c, d, e] = ["a", "b", "c", "d", "e"].map(entry) as [Entry, Entry, Entry, Entry, Entry];
    for (const x of [a, b, c, d, e]) list.add(x);
    expect(list.delete(a)).toBe(true);
    expect(list.delete(e)).toBe(true);
    expect(list.delete(c)).toBe(true);
    expect(names(list.takeAll())).toEqual(["b", "d"]);
  });

  it("answers false for an entry removed already or taken, without touching the others", () => {
    const list = new OwedList<Entry>();
    const [a, b, c] = ["a", "b", "c"].map(entry) as [Entry, Entry, Entry];
    for (const x of [a, b, c]) list.add(x);
    expect(list.delete(b)).toBe(true);
    expect(list.delete(b)).toBe(false);
    const taken = list.takeAll();
    expect(list.delete(a)).toBe(false);
    expect(names(taken)).toEqual(["a", "c"]);
    list.add(b);
    expect(names(list.takeAll())).toEqual(["b"]);
  });

  it("leaves no links on an entry once it is out of the list", () => {
    const list = new OwedList<Entry>();
    const [a, b, c] = ["a", "b", "c"].map(entry) as [Entry, Entry, Entry];
    for (const x of [a, b, c]) list.add(x);
    list.delete(b);
    expect([b.owedPrev, b.owedNext]).toEqual([undefined, undefined]);
    for (const x of list.takeAll()) expect([x.owedPrev, x.owedNext]).toEqual([undefined, undefined]);
  });
});
