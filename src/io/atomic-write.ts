/**
 * Every file srpipe writes appears whole or not at all: content goes to a temp file
 * beside the target and is renamed over it, so an interrupted run never leaves a
 * half-written records.csv (or, later, a half-written reviewer sheet).
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, basename, join } from "node:path";
import { once } from "node:events";

function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
}

export async function writeFileAtomic(target: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  try {
    await writeFile(temp, content);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** A streaming writer for outputs too large to build as one string; nothing is visible until `commit`. */
export interface AtomicWriter {
  write(text: string): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export async function openAtomicWriter(target: string): Promise<AtomicWriter> {
  await mkdir(dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  const stream: WriteStream = createWriteStream(temp);
  await once(stream, "open");
  return {
    async write(text) {
      if (!stream.write(text)) await once(stream, "drain");
    },
    async commit() {
      stream.end();
      await once(stream, "finish");
      await rename(temp, target);
    },
    async abort() {
      stream.destroy();
      await rm(temp, { force: true });
    },
  };
}
