/**
 * UUID v4 strings for published events, formatted in batches from one pool of random bytes.
 *
 * Every publish needs a fresh id. `crypto.randomUUID()` validates its options and formats each
 * id on its own; here one `randomFillSync` fills the bytes of {@link BATCH} ids, which are
 * written as text into one buffer at once, so an id costs a single slice. Each random byte is
 * used once, so the ids are exactly as random as `randomUUID`'s.
 */

/** Ids formatted per refill. */
const BATCH = 1024;
const TEXT_LENGTH = 36;
const HEX_DIGITS = "0123456789abcdef";

let random: Buffer | undefined;
let text: Buffer | undefined;
let next = BATCH;

/** A random UUID v4 (RFC 9562), lowercase. node:crypto is loaded at the first call, not at start-up. */
export function randomUuid(): string {
  if (next === BATCH) refill();
  const at = TEXT_LENGTH * next++;
  return text!.toString("latin1", at, at + TEXT_LENGTH);
}

function refill(): void {
  if (!random) {
    random = Buffer.allocUnsafe(16 * BATCH);
    text = Buffer.allocUnsafe(TEXT_LENGTH * BATCH);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require("node:crypto") as typeof import("node:crypto")).randomFillSync(random);
  const digits = HEX_DIGITS;
  const out = text!;
  for (let id = 0, o = 0; id < BATCH; id++) {
    const r = 16 * id;
    for (let i = 0; i < 16; i++) {
      let byte = random[r + i]!;
      // The version nibble (4) and the variant bits (10xx).
      if (i === 6) byte = (byte & 0x0f) | 0x40;
      else if (i === 8) byte = (byte & 0x3f) | 0x80;
      if (i === 4 || i === 6 || i === 8 || i === 10) out[o++] = 0x2d;
      out[o++] = digits.charCodeAt(byte >> 4);
      out[o++] = digits.charCodeAt(byte & 0x0f);
    }
  }
  next = 0;
}
