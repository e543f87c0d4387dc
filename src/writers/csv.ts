import { csvLine } from "../io/csv-write.js";
import { RECORDS_CSV_HEADER, recordToRow } from "../record-csv.js";
import type { RecordWriter } from "./writer.js";

/** The columns of processed/records.csv, in input order. */
export const csvWriter: RecordWriter = {
  id: "csv",
  description: "the columns of processed/records.csv",
  header: () => csvLine(RECORDS_CSV_HEADER),
  write: (record) => csvLine(recordToRow(record)),
  footer: () => "",
};
