/**
 * SCImago Journal Rank exports (https://www.scimagojr.com/journalrank.php, "Download data"):
 * semicolon-separated, decimal commas (`SJR` 4,584), several ISSNs in one quoted cell without
 * hyphens (`"15265536, 10477047"`), `Categories` with quartiles (`Information Systems (Q1);
 * …`) and top-level `Areas`. Counts are plain integers: `Total Cites (3years)` is the citations
 * received in the year to documents of the three previous years. `Sourceid` is the Scopus
 * source id, so SCImago and Scopus rows of one journal merge.
 */
import { splitList } from "../../io/csv-columns.js";
import type { DelimitedListFormat } from "../delimited-list.js";

/** `4,584` → 4.584, `10690` → 10690: SCImago writes decimal commas and no thousands separators. */
export function parseCommaDecimal(text: string): number | null {
  return /^-?\d+(,\d+)?$/.test(text) ? Number(text.replace(",", ".")) : null;
}

/** `Information Systems (Q1)` → `Information Systems`. */
export function withoutQuartile(category: string): string {
  return category.replace(/\s*\(Q[1-4]\)\s*$/, "").trim();
}

export const scimagoCsvList: DelimitedListFormat = {
  id: "scimago-csv",
  description: "SCImago Journal Rank (CSV)",
  detect: (columns) => columns.includes("Sourceid") && (columns.includes("SJR") || columns.includes("Issn")),
  aliases: {
    sourceId: ["Sourceid"],
    title: ["Title"],
    issn: ["Issn"],
    eissn: [],
    areas: ["Areas"],
    asjc: [],
    categories: ["Categories"],
  },
  idSpace: "scopus",
  parseNumber: parseCommaDecimal,
  areas: (field) => [...splitList(field("areas")), ...splitList(field("categories")).map(withoutQuartile)],
};
