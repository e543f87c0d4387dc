import { bibtexWriter } from "./bibtex.js";
import { csvWriter } from "./csv.js";
import { jsonlWriter } from "./jsonl.js";
import { risWriter } from "./ris.js";
import type { RecordWriter } from "./writer.js";

export const WRITERS: readonly RecordWriter[] = [jsonlWriter, csvWriter, risWriter, bibtexWriter];

export function writerById(id: string): RecordWriter | undefined {
  return WRITERS.find((w) => w.id === id);
}
