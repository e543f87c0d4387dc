import type { RecordWriter } from "./writer.js";

/** One Record per line, exactly as the zod schema defines it: the lossless form. */
export const jsonlWriter: RecordWriter = {
  id: "jsonl",
  description: "one Record per line as JSON (lossless; the default)",
  header: () => "",
  write: (record) => `${JSON.stringify(record)}\n`,
  footer: () => "",
};
