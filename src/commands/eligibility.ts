/** `srpipe eligibility`: run the eligibility stage (src/stages/eligibility.ts) on the workspace. */
import { openStageContext } from "../stages/stage.js";
import { UsageError } from "../errors.js";
import { eligibilityStage } from "../stages/eligibility.js";
import { defineCommand } from "./command.js";

export const eligibilityCommand = defineCommand({
  name: eligibilityStage.name,
  summary: eligibilityStage.description,
  usage: "srpipe eligibility [--workspace DIR]",
  options: [],
  details: `
Reads processed/dedup/unique.csv and the journal lists review.json names under
"eligibility" (files in raw/journals/: a Scopus CiteScore or Source List CSV, a SCImago CSV,
OpenAlex sources JSON, or any CSV with a title or ISSN column), and writes:
  processed/eligibility/kept.csv               records kept; the first added column is the branch
  processed/eligibility/excluded.csv           records excluded, with the reason
                                               ("journal below threshold" or "journal not in list")
  processed/eligibility/unmatched-journals.csv journal names the list does not resolve, with record counts
  processed/eligibility/journals.csv           the list as read: one row per journal, and whether it qualifies
  processed/eligibility/summary.json           the threshold applied and the counts
Journals are matched by ISSN or eISSN first, then by title, then by abbreviation; each kept
and excluded row says how, with the list's title, id, metric value and row.

Records only from a database a branch names (e.g. { "id": "arxiv", "databases": ["arxiv"],
"filter": "none" }) go down that branch unfiltered. A cluster holding both an arXiv record and
a journal record goes down the journal branch when its journal qualifies, down the arXiv
branch otherwise. Without an "eligibility" section every record is kept, on the branch "main".`,
  async run({ workspace, positionals, log }) {
    if (positionals.length) throw new UsageError(`eligibility: expected no arguments, got "${positionals[0]}"`);
    const result = await eligibilityStage.run(await openStageContext(workspace, log));
    return result.problems > 0 ? 1 : 0;
  },
});
