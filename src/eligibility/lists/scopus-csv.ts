/**
 * Scopus's journal lists: the CiteScore list ("Download Scopus Source List / CiteScore
 * metrics", one row per journal and subject area: `Scopus Source ID, Title, Citation Count,
 * Scholarly Output, Percent Cited, CiteScore, …, Scopus ASJC Code (Sub-subject Area), Scopus
 * Sub-Subject Area, …, Print ISSN, E-ISSN`) and the Source List saved as CSV (`Sourcerecord
 * ID`, `Source Title`, `Print-ISSN`, `All Science Journal Classification Codes (ASJC)`).
 *
 * `Citation Count` is the numerator of CiteScore: since CiteScore 2020 the citations received
 * over four years by documents published in those four years; `Scholarly Output` the documents
 * (https://en.wikipedia.org/wiki/CiteScore). ISSNs are written without hyphens.
 */
import { asjcSubjectAreas } from "../asjc.js";
import { parsePointNumber, type DelimitedListFormat } from "../delimited-list.js";
import { splitList } from "../../io/csv-columns.js";

const ID_COLUMNS = ["Scopus Source ID", "Scopus SourceID", "Sourcerecord ID", "Source ID"];

export const scopusCsvList: DelimitedListFormat = {
  id: "scopus-csv",
  description: "Scopus CiteScore list / Source List (CSV)",
  detect: (columns) =>
    columns.some((c) => ID_COLUMNS.some((id) => id.toLowerCase() === c.toLowerCase())) ||
    (columns.includes("Citation Count") && columns.includes("Scholarly Output")),
  aliases: {
    sourceId: ID_COLUMNS,
    title: ["Title", "Source title", "Source Title (Medline-sourced journals are indicated in Green)", "Source Title"],
    issn: ["Print ISSN", "Print-ISSN", "ISSN"],
    eissn: ["E-ISSN", "EISSN"],
    areas: ["Scopus Sub-Subject Area", "Subject area"],
    asjc: ["Scopus ASJC Code (Sub-subject Area)", "All Science Journal Classification Codes (ASJC)", "ASJC code"],
    categories: [],
  },
  idSpace: "scopus",
  parseNumber: parsePointNumber,
  areas: (field) => [...splitList(field("areas")), ...asjcSubjectAreas(field("asjc"))],
};
