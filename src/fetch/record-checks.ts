/**
 * What makes a snapshot trustworthy record by record, not only by count: every page is checked
 * as it arrives (no id repeated, none missing a readable id), and the finished snapshot is
 * proved from what is on disk (exactly the hits, each id once, and every id the search listed).
 */
import type { HttpRequest } from "../io/http.js";
import type { ApiSource, Slice } from "../sources/api-source.js";
import { windowText } from "./date-window.js";
import { fetchFailure } from "./fetch-failure.js";
import { formatCount } from "./progress-line.js";
import type { SavedId } from "./snapshot.js";

/** Which page holds each record id already accepted in a snapshot. */
export type IdClaims = Map<string, string>;

/**
 * Check a records page by content, not only by count: every entry has an id, none twice in
 * the page, none already in an earlier page (a page shifted by one, a record served in place
 * of another). Failing, the page is asked again, and the fetch fails naming it; passing, its
 * ids are claimed. Pages are checked as they arrive, in order (pages ahead wait their turn
 * only to be saved), so an earlier page has always claimed its ids first.
 */
export function guardRecords<T extends { ids: string[] }>(
  request: HttpRequest<T>,
  page: string,
  claims: IdClaims,
  idName: string,
  holdsRecords: (value: T) => boolean = () => true,
): HttpRequest<T> {
  return {
    ...request,
    async check(body, attempt) {
      const verdict = await request.check(body, attempt);
      if (!verdict.ok || !holdsRecords(verdict.value)) return verdict;
      const ids = verdict.value.ids;
      const problems: string[] = [];
      const unnamed = ids.filter((id) => id === "").length;
      if (unnamed) problems.push(`${unnamed} ${unnamed === 1 ? "entry" : "entries"} without a readable ${idName}`);
      const inPage = new Set<string>();
      for (const id of ids) {
        if (id === "") continue;
        if (inPage.has(id)) problems.push(`${idName} ${id} twice in the page`);
        else if (claims.has(id) && claims.get(id) !== page)
          problems.push(`${idName} ${id} already in ${claims.get(id)}`);
        inPage.add(id);
      }
      if (problems.length) {
        const shown =
          problems.slice(0, 3).join("; ") + (problems.length > 3 ? `; and ${problems.length - 3} more` : "");
        return { ok: false, retry: true, reason: `${page} repeats or misses records: ${shown}` };
      }
      for (const id of ids) claims.set(id, page);
      return verdict;
    },
  };
}

/**
 * Prove a snapshot from what is on disk: its records pages hold exactly `hits` identifiers,
 * all distinct, each readable, and, where the search listed them, exactly the listed ones.
 */
export function proveSnapshot(
  source: Pick<ApiSource, "name" | "idName">,
  slices: readonly Slice[],
  saved: readonly SavedId[],
): void {
  const where = new Map<string, string>();
  for (const { id, file } of saved) {
    if (id === "") throw fetchFailure(`${file} holds an entry without a readable ${source.idName}`);
    const earlier = where.get(id);
    if (earlier !== undefined) {
      throw fetchFailure(
        `${source.idName} ${id} is ${earlier === file ? `twice in ${file}` : `in both ${earlier} and ${file}`}: a record saved twice means another is missing`,
      );
    }
    where.set(id, file);
  }
  const hits = slices.reduce((n, s) => n + s.hits, 0);
  if (where.size !== hits)
    throw fetchFailure(
      `the pages hold ${formatCount(where.size)} distinct ${source.idName}s, ${source.name} reported ${formatCount(hits)} hits`,
    );
  for (const [i, slice] of slices.entries()) {
    if (!slice.ids) continue;
    const inSlice = new Set(saved.filter((s) => s.slice === i).map((s) => s.id));
    const missing = slice.ids.filter((id) => !inSlice.has(id));
    if (missing.length)
      throw fetchFailure(
        `${source.idName} ${missing.slice(0, 3).join(", ")} listed by ${source.name} for ${windowText(slice.window)} ${missing.length === 1 ? "is" : "are"} in no page`,
      );
  }
}
