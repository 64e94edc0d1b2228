/**
 * The consumer side of a streamed completion: chunks arrive as notifications while the final
 * reply is still pending, and are handed out in order through an async iterator.
 */

/** A streamed LLM completion: iterate for the text chunks, await `result` for the final reply. */
export interface ChunkStream<R> extends AsyncIterable<string> {
  /**
   * The final reply. It rejects with the host's error if the stream fails; iteration then
   * simply ends, so check `result` after the loop.
   */
  readonly result: Promise<R>;
}

/** Buffers chunks until the consumer asks for them; one consumer at a time. */
export class ChunkQueue<R> implements ChunkStream<R> {
  readonly result: Promise<R>;
  private readonly chunks: string[] = [];
  private ended = false;
  private waiter: ((step: IteratorResult<string>) => void) | undefined;

  constructor(result: Promise<R>) {
    // The final result is also observed here so that a consumer who only iterates does not
    // trigger an unhandled rejection; awaiting `result` still rejects as usual.
    this.result = result;
    result.then(
      () => this.end(),
      () => this.end(),
    );
  }

  /** Adds a chunk (from the host's delta notification). */
  push(chunk: string): void {
    if (this.ended) return;
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter({ value: chunk, done: false });
    } else {
      this.chunks.push(chunk);
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<string> {
    return {
      next: () => this.next(),
      return: () => {
        this.chunks.length = 0;
        this.end();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  private next(): Promise<IteratorResult<string>> {
    if (this.chunks.length > 0) return Promise.resolve({ value: this.chunks.shift()!, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiter = resolve));
  }

  private end(): void {
    this.ended = true;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.({ value: undefined, done: true });
  }
}
