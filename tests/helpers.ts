/**
 * Shared test plumbing: paths to fixtures and a one-call way to run an adapter over a file.
 */
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import type { Record, Reject } from "../src/record.js";
import type { SourceAdapter } from "../src/sources/adapter.js";
import { readWithAdapter, type ReadOptions } from "../src/sources/read.js";

export const TESTS_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = join(TESTS_DIR, "..");

/** A fixture under tests/fixtures/ (each listed with its origin in tests/fixtures/MANIFEST.tsv). */
export function fixture(relativePath: string): string {
  return join(TESTS_DIR, "fixtures", relativePath);
}

export async function parseFile(
  adapter: SourceAdapter,
  path: string,
  options: ReadOptions = {},
): Promise<{ records: Record[]; rejects: Reject[] }> {
  const records: Record[] = [];
  const rejects: Reject[] = [];
  for await (const item of readWithAdapter(path, adapter, options)) {
    if (item.kind === "record") records.push(item.record);
    else rejects.push(item.reject);
  }
  return { records, rejects };
}

export async function parseFixture(adapter: SourceAdapter, relativePath: string, options: ReadOptions = {}) {
  return parseFile(adapter, fixture(relativePath), options);
}

/** Parse text written to a temp file as `name` (what a reviewer's file would be called). */
export async function parseText(
  adapter: SourceAdapter,
  text: string | Uint8Array,
  name: string,
  options: ReadOptions = {},
) {
  const { mkdtemp, writeFile } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const dir = await mkdtemp(join(tmpdir(), "srpipe-test-"));
  const path = join(dir, name);
  await writeFile(path, text);
  return parseFile(adapter, path, { displayName: name, ...options });
}

/** The repository's sample review (protocol, queries, raw evidence, taxonomy), copied so a test can change it. */
export async function copySampleReview(): Promise<string> {
  const { cp, mkdtemp } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const dir = await mkdtemp(join(tmpdir(), "srpipe-sample-"));
  for (const name of ["review.json", "queries", "raw", "taxonomy"]) {
    await cp(join(REPO_DIR, name), join(dir, name), { recursive: true });
  }
  return dir;
}

/** A copy of a prepared workspace (one `srpipe run` already done), so a test can change it without redoing the work. */
export async function copyWorkspace(dir: string): Promise<string> {
  const { cp, mkdtemp } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const copy = await mkdtemp(join(tmpdir(), "srpipe-copy-"));
  await cp(dir, copy, { recursive: true });
  return copy;
}
