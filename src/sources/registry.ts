/**
 * Every format srpipe reads, in the order detection tries them. Order matters where one
 * format is a special case of another: the Scopus and IEEE CSV adapters come before the
 * generic CSV adapter, and MEDLINE before RIS (both are tagged lines).
 */
import { InputError } from "../errors.js";
import type { TextInput } from "../io/text-input.js";
import { xmlRootName } from "../io/xml.js";
import type { FormatId } from "../record.js";
import type { SourceAdapter } from "./adapter.js";
import { arxivAtomAdapter } from "./arxiv-atom.js";
import { bibtexAdapter } from "./bibtex.js";
import { endnoteTaggedAdapter } from "./endnote-tagged.js";
import { endnoteXmlAdapter } from "./endnote-xml.js";
import { genericCsvAdapter } from "./csv.js";
import { ieeeCsvAdapter } from "./ieee-csv.js";
import { medlineAdapter } from "./medline.js";
import { openalexJsonAdapter } from "./openalex-json.js";
import { pubmedXmlAdapter } from "./pubmed-xml.js";
import { risAdapter } from "./ris.js";
import { scopusCsvAdapter } from "./scopus-csv.js";
import { scopusSearchJsonAdapter } from "./scopus-search-json.js";
import { ieeeXploreJsonAdapter } from "./ieee-xplore-json.js";
import { sciencedirectJsonAdapter } from "./sciencedirect-json.js";
import { wosTaggedAdapter } from "./wos-tagged.js";

export const ADAPTERS: readonly SourceAdapter[] = [
  pubmedXmlAdapter,
  arxivAtomAdapter,
  openalexJsonAdapter,
  scopusSearchJsonAdapter,
  ieeeXploreJsonAdapter,
  sciencedirectJsonAdapter,
  endnoteXmlAdapter,
  medlineAdapter,
  risAdapter,
  // Before BibTeX, whose detection skips `%` lines as comments.
  endnoteTaggedAdapter,
  wosTaggedAdapter,
  bibtexAdapter,
  scopusCsvAdapter,
  ieeeCsvAdapter,
  genericCsvAdapter,
];

export function adapterById(id: FormatId): SourceAdapter {
  const adapter = ADAPTERS.find((a) => a.id === id);
  if (!adapter) throw new Error(`no adapter registered for format ${id}`);
  return adapter;
}

/** The first adapter whose `detect` accepts the file's opening, or null. */
export function detectAdapter(sample: string): SourceAdapter | null {
  return ADAPTERS.find((a) => a.detect(sample)) ?? null;
}

/** What a file that no adapter accepts looks like, in a reviewer's words. */
export function describeUnknownContent(sample: string): string {
  const start = sample.trimStart();
  if (start === "") return "only blank space";
  if (/^<\?xml|^</.test(start)) {
    const root = xmlRootName(start);
    if (root === "eSearchResult")
      return "a PubMed ESearch result (a list of PMIDs, not records: fetch them with EFetch)";
    return root ? `XML with root element <${root}>` : "XML";
  }
  if (/^[{[]/.test(start)) {
    if (/"message-type"\s*:/.test(start.slice(0, 2000)))
      return "Crossref JSON (not supported: export from OpenAlex, or as RIS/BibTeX)";
    return "JSON that is not OpenAlex works";
  }
  const firstLine = start.split(/\r\n|\r|\n/, 1)[0] ?? "";
  return `text starting ${JSON.stringify(firstLine.length > 60 ? `${firstLine.slice(0, 59)}…` : firstLine)}`;
}

/** Choose the adapter for an opened file: the one asked for, or the one its content matches. */
export function chooseAdapter(text: TextInput, format: FormatId | "auto"): SourceAdapter {
  if (format !== "auto") return adapterById(format);
  const adapter = detectAdapter(text.sample);
  if (adapter) return adapter;
  throw new InputError({
    file: text.file,
    line: 1,
    expected: `a supported format (${ADAPTERS.map((a) => a.id).join(", ")})`,
    got: describeUnknownContent(text.sample),
  });
}
