/**
 * Where each of many records lies in a file (byte offset and length), and reading one back:
 * the index a re-readable record file keeps in memory instead of the records themselves
 * (records.csv as dedupe reads it, dedupe's spill file). Typed arrays, doubled as they fill, so
 * a million spans cost 12 MB and no objects.
 */
import { readSync } from "node:fs";

export class FileSpans {
  private offsets = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private buffer = Buffer.alloc(64 * 1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(offset: number, length: number): void {
    if (this.count === this.offsets.length) {
      const offsets = new Float64Array(this.count * 2);
      offsets.set(this.offsets);
      this.offsets = offsets;
      const lengths = new Uint32Array(this.count * 2);
      lengths.set(this.lengths);
      this.lengths = lengths;
    }
    this.offsets[this.count] = offset;
    this.lengths[this.count] = length;
    this.count++;
  }

  has(index: number): boolean {
    return index >= 0 && index < this.count;
  }

  /** The bytes of span `index`, read from the open file `fd` into a buffer the next call reuses. */
  read(fd: number, index: number): Buffer {
    const length = this.lengths[index]!;
    if (this.buffer.length < length) this.buffer = Buffer.alloc(length * 2);
    const read = readSync(fd, this.buffer, 0, length, this.offsets[index]!);
    return this.buffer.subarray(0, read);
  }
}
