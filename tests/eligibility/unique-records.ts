/** Unique records for the eligibility tests, made the way dedupe makes them: finaliseRecord, then one cluster each. */
import { finaliseRecord, type RecordDraft } from "../../src/record.js";
import type { UniqueRecord } from "../../src/unique-csv.js";

export interface ClusterSpec extends RecordDraft {
  /** Cluster id; also the record's source id. */
  id: string;
  /** Databases of the cluster's members (default: the record's database). */
  databases?: string[];
}

export function uniqueRecord(spec: ClusterSpec): UniqueRecord {
  const { id, databases, ...draft } = spec;
  const database = draft.database ?? "scopus";
  const item = finaliseRecord(
    { title: `A study ${id}`, sourceId: id, ...draft, database },
    { file: `raw/exports/${database}/export.csv`, position: 1, line: 2, format: "csv", queryId: null, database },
  );
  if (item.kind !== "record") throw new Error(`test record ${id} does not finalise: ${JSON.stringify(item.reject)}`);
  const members = databases ?? [database];
  return {
    clusterId: id,
    studyId: id,
    record: item.record,
    memberKeys: members.map((db, i) => (i === 0 ? item.record.key : `${db}:${id}-${i}`)).sort(),
    databases: [...new Set(members)].sort(),
    queryIds: [],
  };
}
