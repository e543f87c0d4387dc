/**
 * processed/README.md: what each derived file is, for someone who opens the folder. Written by
 * `srpipe run` like everything else in processed/, so deleting the folder loses nothing. Files
 * only some reviews have (double extraction's) are listed only there, so a review without them
 * keeps the same README, byte for byte.
 */
import type { Review } from "./protocol.js";

/** Double extraction: two extractors named in review.json, compared cell by cell. */
function isDoubleExtraction(review: Review): boolean {
  return (review.extraction?.extractors?.length ?? 0) === 2;
}

export function processedReadmeText(review: Review): string {
  const extraction = isDoubleExtraction(review)
    ? "| `extraction/` | extract | the valid extraction rows (normalised, agreed or resolved values only), models, problems; `conflicts.csv`, every cell the two extractors wrote differently (what each wrote, settled or pending by `raw/extraction/resolution.csv`); `agreement.json`, their agreement per field before resolution (percent agreement, kappa for categorical fields) |"
    : "| `extraction/` | extract | the valid extraction rows (normalised), models, problems |";
  return `# processed/ — derived

Everything here is written by \`srpipe\` from \`raw/\`, \`queries/\` and \`review.json\`, and can be
deleted and rebuilt with \`srpipe run\` (the same inputs give byte-identical files).

| path | written by | what |
|---|---|---|
| \`records.csv\`, \`rejects.csv\`, \`import-files.csv\` | import | every record read, what could not be read, per-file counts |
| \`prisma/searches.csv\`, \`prisma/searches.md\` | import | every search as PRISMA-S reports it (database, interface, date run, query, limits, hits reported, records imported, check against the hits), as a table and as methods text |
| \`dedup/\` | dedupe | clusters, unique records, pairs for a reviewer to judge, \`methods.md\` (the counts, the \`dedupe.policy\` in effect and the records each rule joined, as methods text) |
| \`eligibility/\` | eligibility | kept and excluded records, journals, unmatched journal names, summary |
| \`screening/\` | screen | final decisions, conflicts, agreement statistics, sheet progress |
${extraction}
| \`prisma/\` | report | \`prisma.json\`, \`lists/*.csv\` (the records behind each number; a full-text phase's \`*-not-retrieved.csv\` adds \`tried\`, what \`srpipe fulltext\` tried for each report, or the exclusion reason), \`prisma2020.csv\`, \`prisma.svg\`, \`stopping.md\` (the screening stopping test as methods text, when screening has run) |
| \`catalog/\` | report | the model catalog: tidy \`catalog.csv\`, \`evidence.csv\`, the published wide \`appear.csv\`/\`best.csv\`/\`detail.csv\`, \`models.csv\`, \`categories.csv\`, \`stats.csv\` |
| \`selector/index.html\` | report | the clinical LLM selector page |
| \`exports/\` | \`srpipe export\` | records at a stage as CSV, RIS or BibTeX |
| \`.state.json\` | \`srpipe run\` | content hashes of each stage's inputs and outputs, so unchanged stages are skipped |
`;
}
