/**
 * The shape every source format implements (DESIGN.md, "Source adapters").
 * An adapter turns the text of one file into drafts and hands each to `input.finish`,
 * which normalises it into a Record or a Reject with the file's provenance. Adapters
 * never read the disk themselves and never throw for one bad record: they yield a
 * reject and go on. They throw InputError only when the file as a whole is unreadable.
 */
import type { TextInput } from "../io/text-input.js";
import type { FormatId, ParsedItem, RecordDraft } from "../record.js";

export interface RecordLocation {
  /** 1-based index of the record in the file, counting rejected ones. */
  position: number;
  /** Line where the record starts, or null when the format has no useful lines (minified XML, JSON). */
  line: number | null;
}

export interface ParseInput {
  text: TextInput;
  /** Normalise a draft into a Record (or a Reject naming the bad field). */
  finish(draft: RecordDraft, at: RecordLocation): ParsedItem;
  /** Something about the whole file a person should know that rejects no record (a repeated column name). */
  warn(message: string): void;
  /** A record that could not be read at all. */
  reject(at: RecordLocation, field: string | null, expected: string, got: string): ParsedItem;
}

export interface SourceAdapter {
  id: FormatId;
  /** One line for `--help`: what files this reads. */
  description: string;
  /** The database records come from when neither the content nor the import folder says. */
  defaultDatabase: string;
  /** True when the start of the file (decoded, BOM removed) is this format. By content, never by file name. */
  detect(sample: string): boolean;
  parse(input: ParseInput): AsyncIterable<ParsedItem>;
}
