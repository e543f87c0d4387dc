/**
 * A journal list a reviewer made or exported from elsewhere: any delimited file with a title
 * and/or ISSN column under a common name, and the metric column review.json names. Tried last.
 */
import { splitList } from "../../io/csv-columns.js";
import { parsePointNumber, type DelimitedListFormat } from "../delimited-list.js";

export const genericCsvList: DelimitedListFormat = {
  id: "csv",
  description: "journal list (CSV with a title or ISSN column)",
  detect: () => true,
  aliases: {
    sourceId: [],
    title: ["Title", "Journal", "Journal title", "Journal name", "Source title", "Source", "Name"],
    issn: ["ISSN", "Print ISSN", "pISSN", "ISSN (print)"],
    eissn: ["eISSN", "E-ISSN", "Online ISSN", "ISSN (online)"],
    areas: ["Subject areas", "Subject area", "Areas", "Subjects"],
    asjc: [],
    categories: ["Categories"],
  },
  idSpace: null,
  parseNumber: parsePointNumber,
  areas: (field) => [...splitList(field("areas")), ...splitList(field("categories"))],
};
