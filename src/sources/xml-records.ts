/**
 * The loop the XML export readers (PubMed EFetch, arXiv Atom, EndNote XML) share: every record
 * element within the set, located by its line (or only by position when it shares a line with
 * the previous one, as minified files do), read by the format's own `read`. An element cut off
 * by the end of the file, or longer than the input limits allow, is a reject; so is a file that
 * ends before the set's closing tag, when the file opened the set.
 */
import { countBreaks } from "../io/text-input.js";
import { splitElementsWithin, tooLongElement, XmlEnvelope } from "../io/xml.js";
import type { ParsedItem } from "../record.js";
import type { ParseInput, RecordLocation } from "./adapter.js";

export interface XmlRecordSet {
  /** The record elements' names. */
  elements: readonly string[];
  /** The set's end: its closing tag (namespaced or not, as the format writes it), or an empty set's one tag. */
  end: RegExp;
  /** The closing tag a whole file ends with (`</feed>`), or null when the file did not open the set. */
  closing: string | null;
}

export async function* xmlRecords(
  input: ParseInput,
  set: XmlRecordSet,
  read: (xml: string, name: string, at: RecordLocation) => ParsedItem,
): AsyncIterable<ParsedItem> {
  // What lies between two records: whether it breaks the line, and whether it closes the set.
  const envelope = new XmlEnvelope(set.end);
  const limit = input.text.limits.maxRecordChars;
  let position = 0;
  for await (const item of splitElementsWithin(input.text.chunks(), set.elements, envelope.see, limit)) {
    position++;
    const line = envelope.lineOf(item);
    if (item.kind === "truncated") {
      yield input.reject({ position, line }, null, `a complete <${item.name}> element`, "the end of the file");
      return;
    }
    if (item.kind === "too-long") {
      envelope.read(item.line, item.breaks);
      const { expected, got } = tooLongElement(item, limit);
      yield input.reject({ position, line }, null, expected, got);
      continue;
    }
    envelope.read(item.line, countBreaks(item.xml));
    yield read(item.xml, item.name, { position, line });
  }
  if (set.closing !== null && !envelope.ended) {
    // Cut between two records: every record read is whole, but the rest of the set is missing.
    yield input.reject(
      { position: position + 1, line: envelope.endLine() },
      null,
      `${set.closing} closing the file`,
      "the end of the file (the file looks cut short)",
    );
  }
}
