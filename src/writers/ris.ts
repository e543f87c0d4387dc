/**
 * RIS for reference managers (EndNote, Zotero, Rayyan). Tags as the RIS specification
 * defines them; CRLF because the specification and EndNote expect it.
 */
import type { Record } from "../record.js";
import { formatAuthor } from "../record-csv.js";
import type { RecordWriter } from "./writer.js";

const CRLF = "\r\n";

/** RIS reference type from the record's publication types; journal article unless told otherwise. */
export function risType(record: Record): string {
  const types = record.publicationTypes.join(" ").toLowerCase();
  if (/preprint/.test(types) || record.database === "arxiv") return "UNPB";
  if (/conference|proceeding/.test(types)) return "CPAPER";
  if (/book chapter|chapter/.test(types)) return "CHAP";
  if (/\bbook\b/.test(types)) return "BOOK";
  return "JOUR";
}

function tag(name: string, value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  return `${name}  - ${String(value).replace(/\r?\n/g, " ")}${CRLF}`;
}

export function recordToRis(record: Record): string {
  const [startPage, endPage] = record.pages?.includes("-") ? record.pages.split("-", 2) : [record.pages, null];
  let out = tag("TY", risType(record));
  out += tag("ID", record.key);
  out += tag("TI", record.title);
  for (const author of record.authors) out += tag("AU", formatAuthor(author));
  out += tag("PY", record.year);
  out += tag("DA", record.date?.replaceAll("-", "/"));
  out += tag("T2", record.journal);
  out += tag("J2", record.journalAbbrev);
  out += tag("VL", record.volume);
  out += tag("IS", record.issue);
  out += tag("SP", startPage);
  out += tag("EP", endPage);
  out += tag("SN", record.issn);
  out += tag("SN", record.eissn);
  out += tag("DO", record.doi);
  out += tag("AB", record.abstract);
  for (const keyword of record.keywords) out += tag("KW", keyword);
  for (const type of record.publicationTypes) out += tag("M3", type);
  out += tag("LA", record.language);
  out += tag("DB", record.database);
  out += tag("AN", record.sourceId);
  if (record.pmid) out += tag("C2", `PMID:${record.pmid}`);
  if (record.arxivId) out += tag("UR", `https://arxiv.org/abs/${record.arxivId}`);
  out += `ER  - ${CRLF}${CRLF}`;
  return out;
}

export const risWriter: RecordWriter = {
  id: "ris",
  description: "RIS for reference managers",
  header: () => "",
  write: recordToRis,
  footer: () => "",
};
