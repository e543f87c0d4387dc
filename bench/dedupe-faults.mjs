// The faults bench/dedupe-perturb.mjs gives duplicates (described there), shared with
// bench/dedupe-ablation.mjs so a step's effect on a fault can be measured with the step off.

const SMALL_WORDS = new Set(["of", "the", "and", "for", "in", "on", "de", "la", "der", "und", "&"]);

export const PERTURBATIONS = {
  none: (r) => r,
  "first-author": (r) =>
    r.authors.length < 2 ? r : { ...r, authors: [r.authors[0], { family: "et al.", given: null }] },
  "authors-initials": (r) => ({
    ...r,
    authors: r.authors.map((a) => (a.given ? { ...a, given: `${a.given.trim().charAt(0)}.` } : a)),
  }),
  "page-typo": (r) => {
    const m = r.pages?.match(/^(\D*)(\d+)(.*)$/);
    if (!m) return r;
    const first = m[2];
    const changed = `${first.slice(0, -1)}${(Number(first.at(-1)) + 1) % 10}`;
    return { ...r, pages: `${m[1]}${changed}${m[3]}` };
  },
  "page-short": (r) => {
    const m = r.pages?.match(/^(\d+)\s*[-–]+\s*(\d+)$/);
    if (!m || m[1].length !== m[2].length || m[1].length < 2) return r;
    let common = 0;
    while (common < m[1].length - 1 && m[1][common] === m[2][common]) common++;
    return { ...r, pages: `${m[1]}-${m[2].slice(common)}` };
  },
  "journal-abbrev": (r) =>
    !r.journal
      ? r
      : {
          ...r,
          journal: r.journal
            .split(/\s+/)
            .filter((w) => !SMALL_WORDS.has(w.toLowerCase()))
            .map((w) => (/^[A-Za-z]{6,}$/.test(w) ? w.slice(0, 4) : w))
            .join(" "),
          journalAbbrev: null,
        },
  "journal-the": (r) =>
    !r.journal ? r : { ...r, journal: `The ${r.journal.replace(/\band\b/gi, "&")}`, journalAbbrev: null },
  shifted: (r) => (r.issue && r.pages ? { ...r, volume: r.issue, issue: r.pages, pages: null } : r),
  "year-off": (r) => (r.year ? { ...r, year: r.year + 1, date: null } : r),
  "title-bracket": (r) => (r.title ? { ...r, title: `[${r.title.replace(/[.\s]+$/, "")}].` } : r),
  "title-caps": (r) => (r.title ? { ...r, title: r.title.toUpperCase() } : r),
  "title-unpunct": (r) => (r.title ? { ...r, title: r.title.replace(/[^\p{L}\p{N}\s]+/gu, " ").trim() } : r),
  "title-typo": (r) => {
    if (!r.title) return r;
    const words = r.title.split(" ");
    let longest = 0;
    words.forEach((w, i) => {
      if (w.length > words[longest].length) longest = i;
    });
    const w = words[longest];
    if (w.length < 6) return r;
    words[longest] = w.slice(0, 3) + w.slice(4);
    return { ...r, title: words.join(" ") };
  },
};

const together =
  (...kinds) =>
  (r) =>
    kinds.reduce((out, kind) => PERTURBATIONS[kind](out), r);
Object.assign(PERTURBATIONS, {
  "subtitle-dropped": (r) => {
    const at = r.title?.indexOf(":") ?? -1;
    return at < 10 ? r : { ...r, title: r.title.slice(0, at) };
  },
  "title-truncated": (r) => {
    const words = r.title?.split(" ") ?? [];
    return words.length < 6 ? r : { ...r, title: words.slice(0, Math.ceil((words.length * 2) / 3)).join(" ") };
  },
  "issue-missing": (r) => ({ ...r, issue: null }),
  "pages-missing": (r) => ({ ...r, pages: null }),
  "authors-missing": (r) => ({ ...r, authors: [] }),
  // An accession number in the issue column, for this copy only (a mixed file: detection per file cannot set the column aside).
  "issue-accession": (r) => ({
    ...r,
    issue: String(20050000 + (((r.title?.length ?? 0) * 7919 + (r.pages?.length ?? 0)) % 99991)),
  }),
  // A record number (EndNote's, up to four digits) in this copy's issue column only.
  "issue-recno": (r) => ({
    ...r,
    issue: String(100 + (((r.title?.length ?? 0) * 7919 + (r.pages?.length ?? 0)) % 9900)),
  }),
  "journal-initials": (r) =>
    !r.journal
      ? r
      : {
          ...r,
          journal: r.journal
            .split(/[\s:,.-]+/)
            .filter((w) => w && !SMALL_WORDS.has(w.toLowerCase()))
            .map((w) => w[0].toUpperCase())
            .join(""),
          journalAbbrev: null,
        },
  "year-typo": (r) => (r.year ? { ...r, year: r.year + 10, date: null } : r),
  "author-dropped": (r) => (r.authors.length < 3 ? r : { ...r, authors: r.authors.slice(0, -1) }),
  // An "Epub ahead of print" copy: no volume, issue or pages yet.
  "ahead-of-print": (r) => ({ ...r, volume: null, issue: null, pages: null }),
});
Object.assign(PERTURBATIONS, {
  "embase-like": together("authors-initials", "journal-abbrev", "page-short"),
  "garbled-place": together("page-typo", "journal-abbrev", "issue-missing"),
  "year-and-title": together("year-off", "title-typo", "first-author"),
});

/**
 * The records with every member of a gold duplicate group but its first given `fault`; also
 * which records are those later members and each record's group, for listing misses.
 */
export function perturbLaterMembers(records, ids, gold, fault) {
  const perturb = PERTURBATIONS[fault];
  if (!perturb) throw new Error(`no perturbation ${fault}`);
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const goldOf = new Map();
  const later = new Set();
  gold.forEach((group, g) => {
    const members = group.map((id) => indexOf.get(id)).filter((i) => i !== undefined);
    members.forEach((i, k) => {
      goldOf.set(i, g);
      if (k > 0) later.add(i);
    });
  });
  return { records: records.map((r, i) => (later.has(i) ? perturb(r) : r)), later, goldOf };
}
