/**
 * The full records, kept on disk while dedupe works on their compact match forms, so a
 * million records do not have to sit in memory twice. One JSON line per record in a
 * private temporary folder, read back by offset when the merged records are written, and
 * removed afterwards. The only I/O under src/dedupe/ besides run-dedupe.ts.
 */
import { FileSpans } from "../io/file-spans.js";
import { createWriteStream, type WriteStream } from "node:fs";
import { closeSync, openSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Record } from "../record.js";

const FLUSH_BYTES = 1 << 20;

/** The full records by their position in the input, read back to write the merged ones. */
export interface RecordStore {
  get(index: number): Record;
}

/**
 * An input that can read its records again itself (records.csv, by each row's place in the
 * file), so nothing has to be spilled.
 */
export interface RereadableRecords extends AsyncIterable<Record>, RecordStore {
  close(): void;
}

export function isRereadable(records: AsyncIterable<Record>): records is RereadableRecords {
  const candidate = records as Partial<RereadableRecords>;
  return typeof candidate.get === "function" && typeof candidate.close === "function";
}

export class RecordSpill implements RecordStore {
  private readonly spans = new FileSpans();
  private written = 0;
  private fd: number | null = null;
  /** Lines not yet handed to the stream, encoded as they come: written a megabyte at a time, not a line at a time. */
  private pending = Buffer.allocUnsafe(2 * FLUSH_BYTES);
  private pendingBytes = 0;

  private constructor(
    private readonly dir: string,
    private readonly path: string,
    private readonly out: WriteStream,
  ) {}

  static async create(): Promise<RecordSpill> {
    const dir = await mkdtemp(join(tmpdir(), "srpipe-dedupe-"));
    const path = join(dir, "records.jsonl");
    const out = createWriteStream(path);
    await once(out, "open");
    return new RecordSpill(dir, path, out);
  }

  get size(): number {
    return this.spans.size;
  }

  async add(record: Record): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    // At most 3 bytes per UTF-16 unit: make room first, then encode once (not measure, then encode).
    if (this.pending.length - this.pendingBytes < line.length * 3) {
      await this.flush();
      if (this.pending.length < line.length * 3) this.pending = Buffer.allocUnsafe(line.length * 3);
    }
    const bytes = this.pending.write(line, this.pendingBytes, "utf8");
    this.spans.add(this.written, bytes);
    this.written += bytes;
    this.pendingBytes += bytes;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    // The stream keeps the chunk it is given until written: a copy, so `pending` can be reused.
    const chunk = Buffer.from(this.pending.subarray(0, this.pendingBytes));
    this.pendingBytes = 0;
    if (!this.out.write(chunk)) await once(this.out, "drain");
  }

  /** Done adding: records can be read from now on. */
  async seal(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, "finish");
    this.fd = openSync(this.path, "r");
  }

  get(index: number): Record {
    if (this.fd === null) throw new Error("RecordSpill.get before seal");
    if (!this.spans.has(index)) throw new Error(`RecordSpill.get: no record ${index}`);
    return JSON.parse(this.spans.read(this.fd, index).toString("utf8")) as Record;
  }

  async dispose(): Promise<void> {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    if (!this.out.closed) this.out.destroy();
    await rm(this.dir, { recursive: true, force: true });
  }
}
