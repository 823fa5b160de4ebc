// Groups streamed rows into inserts bounded both in row count and in bytes, so that memory
// stays flat whatever the table's size and no statement outgrows the server's packet limit.

export interface BatchLimits {
  maxItems: number;
  maxBytes: number;
}

export class Batcher<T> {
  private items: T[] = [];
  private bytes = 0;

  constructor(private readonly limits: BatchLimits) {}

  /** Adds an item of `size` bytes; returns the batch to write once it is full, else null. */
  add(item: T, size: number): T[] | null {
    this.items.push(item);
    this.bytes += size;
    if (this.items.length < this.limits.maxItems && this.bytes < this.limits.maxBytes) return null;
    return this.drain();
  }

  /** The items not yet handed out (the last, partial batch); empty when there are none. */
  drain(): T[] {
    const batch = this.items;
    this.items = [];
    this.bytes = 0;
    return batch;
  }
}
