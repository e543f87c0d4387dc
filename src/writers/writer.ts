/** An output format for `convert --to` and `export`: text before, per record, and after. */
import type { Record } from "../record.js";

export interface RecordWriter {
  id: "jsonl" | "csv" | "ris" | "bibtex";
  description: string;
  header(): string;
  write(record: Record): string;
  footer(): string;
}
