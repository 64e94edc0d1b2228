import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { Writable } from "node:stream";

import {
  installStdoutGuard,
  isStdoutGuardInstalled,
  rawWriteFor,
  STDOUT_GUARD_MARKER,
  uninstallStdoutGuard,
} from "../src/core/wire/stdout-guard";
import { MAX_FRAME_BYTES } from "../src/core/wire/wire";

/** An in-memory Writable that records every byte written to it. */
class Collector extends Writable {
  private readonly chunks: Buffer[] = [];

  constructor() {
    super({
      write: (chunk: Buffer, _encoding, callback) => {
        this.chunks.push(chunk);
        callback();
      },
    });
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  text(): string {
    return this.bytes().toString("utf8");
  }
}

let stdout: Collector;
let stderr: Collector;

function install(): void {
  installStdoutGuard({ stdout, stderr });
}

/** Writes through the stream's current `write`, as plugin code would. */
function write(chunk: string | Uint8Array): boolean {
  return stdout.write(chunk);
}

function marked(...lines: string[]): string {
  return lines.map((line) => `${STDOUT_GUARD_MARKER} ${line}\n`).join("");
}

beforeEach(() => {
  stdout = new Collector();
  stderr = new Collector();
});

afterEach(() => {
  uninstallStdoutGuard();
});

describe("install and uninstall", () => {
  it("reports whether the guard is installed", () => {
    expect(isStdoutGuardInstalled()).toBe(false);
    install();
    expect(isStdoutGuardInstalled()).toBe(true);
    uninstallStdoutGuard();
    expect(isStdoutGuardInstalled()).toBe(false);
  });

  it("does not double-wrap when installed twice", () => {
    install();
    const guarded = stdout.write;
    install();
    expect(stdout.write).toBe(guarded);

    write("hello\n");
    expect(stderr.text()).toBe(marked("hello"));

    uninstallStdoutGuard();
    expect(stdout.write).toBe(Writable.prototype.write);
  });

  it("ignores a second install on another stream while installed", () => {
    install();
    const other = new Collector();
    installStdoutGuard({ stdout: other, stderr });
    expect(Object.prototype.hasOwnProperty.call(other, "write")).toBe(false);
  });

  it("removes its own property when write was inherited", () => {
    expect(Object.prototype.hasOwnProperty.call(stdout, "write")).toBe(false);
    install();
    expect(Object.prototype.hasOwnProperty.call(stdout, "write")).toBe(true);
    expect(stdout.write).not.toBe(Writable.prototype.write);
    uninstallStdoutGuard();
    expect(Object.prototype.hasOwnProperty.call(stdout, "write")).toBe(false);
    expect(stdout.write).toBe(Writable.prototype.write);
  });

  it("restores an own write property exactly", () => {
    const own: Writable["write"] = Writable.prototype.write.bind(stdout);
    stdout.write = own;
    const before = Object.getOwnPropertyDescriptor(stdout, "write");

    install();
    expect(stdout.write).not.toBe(own);
    uninstallStdoutGuard();

    expect(Object.getOwnPropertyDescriptor(stdout, "write")).toEqual(before);
    expect(stdout.write).toBe(own);
  });

  it("makes a second uninstall a no-op", () => {
    const own: Writable["write"] = Writable.prototype.write.bind(stdout);
    stdout.write = own;
    install();
    uninstallStdoutGuard();
    uninstallStdoutGuard();
    expect(stdout.write).toBe(own);
    expect(isStdoutGuardInstalled()).toBe(false);
  });

  it("passes writes straight through once uninstalled", () => {
    install();
    uninstallStdoutGuard();
    write("plain\n");
    expect(stdout.text()).toBe("plain\n");
    expect(stderr.text()).toBe("");
  });
});

describe("line classification", () => {
  it("passes JSON object lines through and diverts every other line", () => {
    install();
    write("hello\n");
    write('{"a":1}\n');
    write("[1,2]\n");
    write("null\n");
    write('"text"\n');
    write("42\n");
    write("{not json\n");
    write('  {"b":{"c":[2]}}  \n');

    expect(stdout.text()).toBe('{"a":1}\n  {"b":{"c":[2]}}  \n');
    expect(stderr.text()).toBe(marked("hello", "[1,2]", "null", '"text"', "42", "{not json"));
  });

  it("diverts blank and whitespace-only lines with the marker", () => {
    install();
    write("\n");
    write("  \t\n");
    expect(stdout.text()).toBe("");
    expect(stderr.text()).toBe(marked("", "  \t"));
  });

  it("classifies each line of a multi-line write separately", () => {
    install();
    write('first\n{"x":1}\nsecond\n{"y":2}\n');
    expect(stdout.text()).toBe('{"x":1}\n{"y":2}\n');
    expect(stderr.text()).toBe(marked("first", "second"));
  });
});

describe("chunked writes", () => {
  it("holds a partial line until its newline arrives", () => {
    install();
    write("hel");
    expect(stderr.text()).toBe("");
    write("lo\n");
    expect(stderr.text()).toBe(marked("hello"));
  });

  it("passes a JSON object split across writes through whole", () => {
    install();
    write('{"a"');
    write(":");
    expect(stdout.text()).toBe("");
    write('1}\nrest');
    expect(stdout.text()).toBe('{"a":1}\n');
    expect(stderr.text()).toBe("");
  });

  it("keeps multi-byte UTF-8 characters whole across Buffer writes at every split point", () => {
    const text = "é✓😀 ok\n";
    const bytes = Buffer.from(text, "utf8");
    const json = Buffer.from('{"k":"é✓😀"}\n', "utf8");
    install();
    for (let split = 1; split < bytes.length; split++) {
      write(bytes.subarray(0, split));
      write(bytes.subarray(split));
    }
    for (let split = 1; split < json.length; split++) {
      write(json.subarray(0, split));
      write(json.subarray(split));
    }

    expect(stderr.text()).toBe(marked(...Array<string>(bytes.length - 1).fill("é✓😀 ok")));
    expect(stdout.bytes()).toEqual(Buffer.concat(Array<Buffer>(json.length - 1).fill(json)));
  });

  it("accepts a plain Uint8Array chunk", () => {
    install();
    write(new TextEncoder().encode('{"u":true}\nnot json\n'));
    expect(stdout.text()).toBe('{"u":true}\n');
    expect(stderr.text()).toBe(marked("not json"));
  });

  it("decodes string chunks with their encoding argument", () => {
    install();
    stdout.write(Buffer.from("hello\n").toString("hex"), "hex");
    stdout.write(Buffer.from('{"b64":1}\n').toString("base64"), "base64");
    expect(stderr.text()).toBe(marked("hello"));
    expect(stdout.text()).toBe('{"b64":1}\n');
  });

  it("rejects a chunk that is neither a string nor bytes", () => {
    install();
    expect(() => (stdout.write as (chunk: unknown) => boolean)(42)).toThrow(TypeError);
  });
});

describe("write contract", () => {
  it("returns true and calls back asynchronously without an error", async () => {
    install();
    const callback = jest.fn();
    expect(stdout.write("partial", callback)).toBe(true);
    expect(stdout.write("line\n", "utf8", callback)).toBe(true);
    expect(callback).not.toHaveBeenCalled();

    await new Promise((resolve) => process.nextTick(resolve));

    expect(callback).toHaveBeenCalledTimes(2);
    for (const [error] of callback.mock.calls) expect(error ?? null).toBeNull();
  });
});

describe("partial line on uninstall", () => {
  it("flushes non-JSON text to stderr", () => {
    install();
    write("par");
    expect(stderr.text()).toBe("");
    uninstallStdoutGuard();
    expect(stderr.text()).toBe(marked("par"));
    expect(stdout.text()).toBe("");
  });

  it("flushes a JSON object to stdout with its newline", () => {
    install();
    write('{"a":1}');
    uninstallStdoutGuard();
    expect(stdout.text()).toBe('{"a":1}\n');
    expect(stderr.text()).toBe("");
  });

  it("flushes an incomplete UTF-8 sequence as a replacement character", () => {
    install();
    write(Buffer.from("ok ✓", "utf8").subarray(0, -1));
    uninstallStdoutGuard();
    expect(stderr.text()).toBe(marked("ok \ufffd"));
  });

  it("writes nothing when no partial line is pending", () => {
    install();
    write("done\n");
    uninstallStdoutGuard();
    expect(stderr.text()).toBe(marked("done"));
  });
});

describe("rawWriteFor", () => {
  it("bypasses a guard installed before the writer was taken", () => {
    install();
    const raw = rawWriteFor(stdout);
    expect(raw("not json\n")).toBe(true);
    expect(stdout.text()).toBe("not json\n");
    expect(stderr.text()).toBe("");
  });

  it("bypasses a guard installed after the writer was taken", () => {
    const raw = rawWriteFor(stdout);
    install();
    raw("not json\n");
    expect(stdout.text()).toBe("not json\n");
    expect(stderr.text()).toBe("");
  });

  it("keeps working across uninstall and reinstall", () => {
    const raw = rawWriteFor(stdout);
    install();
    uninstallStdoutGuard();
    raw("one\n");
    install();
    raw("two\n");
    expect(stdout.text()).toBe("one\ntwo\n");
    expect(stderr.text()).toBe("");
  });

  it("is not re-parsed and does not disturb a pending foreign line", () => {
    install();
    const raw = rawWriteFor(stdout);
    write('{"foreign"');
    raw('{"frame":1}\n');
    write(":2}\n");
    expect(stdout.text()).toBe('{"frame":1}\n{"foreign":2}\n');
  });

  it("passes the callback through to the stream's write", async () => {
    install();
    const done = new Promise<Error | null | undefined>((resolve) => rawWriteFor(stdout)("frame\n", resolve));
    await expect(done).resolves.toBeFalsy();
    expect(stdout.text()).toBe("frame\n");
  });

  it("uses the current write of a stream the guard is not on", () => {
    const other = new Collector();
    install();
    rawWriteFor(other)("x\n");
    expect(other.text()).toBe("x\n");
    expect(stderr.text()).toBe("");
  });
});

describe("partial-line bound", () => {
  it("keeps a line of exactly the cap pending", () => {
    install();
    write("x".repeat(MAX_FRAME_BYTES));
    expect(stderr.text()).toBe("");
  });

  it("flushes a partial line to stderr once it grows past the cap, then continues", () => {
    install();
    const chunk = "y".repeat(64 * 1024);
    for (let written = 0; written < MAX_FRAME_BYTES; written += chunk.length) write(chunk);
    expect(stderr.text()).toBe("");

    write("z");
    expect(stderr.text()).toBe(marked("y".repeat(MAX_FRAME_BYTES) + "z"));

    write('tail\n{"a":1}\n');
    expect(stderr.text()).toBe(marked("y".repeat(MAX_FRAME_BYTES) + "z", "tail"));
    expect(stdout.text()).toBe('{"a":1}\n');
  });
});

describe("guarding the real process.stdout (child process)", () => {
  const fixture = path.join(__dirname, "fixtures", "stdout-guard", "child.ts");

  function runChild(scenario: string): { stdout: string; stderr: string; status: number | null } {
    const result = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", fixture, scenario], {
      cwd: path.join(__dirname, ".."),
      encoding: "utf8",
      timeout: 20_000,
    });
    return { stdout: result.stdout, stderr: result.stderr, status: result.status };
  }

  it("lets only the JSON object line reach fd 1 and flushes the partial to stderr", () => {
    const child = runChild("strayOutput");
    expect(child.status).toBe(0);
    expect(child.stdout).toBe('{"a":1}\n');
    expect(child.stderr).toContain(marked("hello"));
    expect(child.stderr).toContain(marked("par"));
  });

  it("lets raw writers taken before and during the guard bypass it, and restores stdout", () => {
    const child = runChild("rawWriters");
    expect(child.status).toBe(0);
    expect(child.stdout).toBe("frame-before\nframe-during\nafter\n");
    expect(child.stderr).toContain(marked("stray"));
    expect(child.stderr).toContain("own-write:false\n");
  });
});
