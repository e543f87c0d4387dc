/**
 * The protocol: `review.json` (what the review is) and `queries/*.json` (one search each).
 * Both are zod-validated; a bad file fails with the file, the field path and what was expected.
 */
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { z } from "zod";
import { ProtocolError } from "./errors.js";
import { DedupeConfigSchema } from "./protocol/dedupe.js";
import { EligibilityConfigSchema } from "./protocol/eligibility.js";
import { ScreeningConfigSchema } from "./protocol/screening.js";
import { PrismaConfigSchema } from "./protocol/prisma.js";
import { ExtractionConfigSchema } from "./protocol/extraction.js";
import { DECLARED_ENCODINGS } from "./io/text-input.js";

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD");
const identifier = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and hyphens");
/** The text encoding of manual exports, when it is not UTF-8 (or UTF-16 with a BOM), which srpipe reads by itself. */
const exportEncoding = z.enum(DECLARED_ENCODINGS).optional();

export const DateWindowSchema = z
  .object({ from: isoDay, to: isoDay })
  .strict()
  .refine((w) => w.from <= w.to, { message: "`from` on or before `to`" });

export const DatabaseSchema = z
  .object({
    /** Id used in records and folder names: raw/exports/<id>/, raw/searches/<id>/. */
    id: identifier,
    /** Name as PRISMA diagrams print it. */
    name: z.string().min(1),
    /** Encoding of every file under raw/exports/<id>/ (a query's own `encoding` wins for its files). */
    encoding: exportEncoding,
  })
  .strict();

export const ReviewSchema = z
  .object({
    schemaVersion: z.literal(1),
    title: z.string().min(1),
    /** Marks the embedded example so nobody mistakes it for a real review. */
    sample: z.boolean().default(false),
    databases: z.array(DatabaseSchema).min(1),
    /** Each later stage's settings live in its own module (src/protocol/<stage>.ts) and section here. */
    dedupe: DedupeConfigSchema.optional(),
    eligibility: EligibilityConfigSchema.optional(),
    screening: ScreeningConfigSchema.optional(),
    prisma: PrismaConfigSchema.optional(),
    extraction: ExtractionConfigSchema.optional(),
  })
  .strict();
export type Review = z.infer<typeof ReviewSchema>;

/**
 * Databases srpipe searches through an API (`"mode": "api"`), with the largest page each
 * serves: EFetch returns at most 10,000 records per request
 * (https://www.ncbi.nlm.nih.gov/books/NBK25499/#chapter4.EFetch), the arXiv API 2,000
 * (https://info.arxiv.org/help/api/user-manual.html#paging).
 */
export const API_DATABASES: { readonly [id: string]: { readonly maxPageSize: number } } = {
  pubmed: { maxPageSize: 10_000 },
  arxiv: { maxPageSize: 2_000 },
};

export const QuerySchema = z
  .object({
    schemaVersion: z.literal(1),
    id: identifier,
    /** A database id declared in review.json. */
    database: identifier,
    /** `api`: srpipe fetches it; `manual-export`: a person runs it on the database's site and saves the export. */
    mode: z.enum(["api", "manual-export"]),
    /** The query string exactly as run. */
    query: z.string().min(1),
    dateWindow: DateWindowSchema,
    /** Limits applied in the database's interface (document type, language…), as written there. */
    filters: z.array(z.string().min(1)).default([]),
    /** Where the manual export is saved, relative to the workspace (manual-export only). */
    exportPath: z.string().min(1).optional(),
    /** Encoding of the files under `exportPath` (manual-export only), e.g. "latin1" for an old EndNote export. */
    encoding: exportEncoding,
    notes: z.string().default(""),
    /** API searches: the service's base URL when not the public one (an institutional mirror). SRPIPE_<DB>_URL overrides it. */
    endpoint: z.url({ protocol: /^https?$/, error: "an http(s) URL" }).optional(),
    /** API searches: records per page, when not the database's default. */
    pageSize: z.number().int().positive().optional(),
  })
  .strict()
  .refine((q) => q.mode === "api" || q.exportPath !== undefined, {
    message: "a manual-export query names its `exportPath`",
    path: ["exportPath"],
  })
  .superRefine((q, ctx) => {
    const api = API_DATABASES[q.database];
    if (q.mode === "api" && !api) {
      const known = Object.keys(API_DATABASES).join(", ");
      ctx.addIssue({ code: "custom", path: ["mode"], message: `expected "manual-export": srpipe searches only ${known} through an API, got "api" for "${q.database}"` });
    }
    if (q.mode !== "api") {
      for (const field of ["endpoint", "pageSize"] as const) {
        if (q[field] !== undefined) ctx.addIssue({ code: "custom", path: [field], message: `expected no ${field} on a manual-export query` });
      }
    }
    if (q.mode === "api" && q.encoding !== undefined) {
      ctx.addIssue({ code: "custom", path: ["encoding"], message: `expected no encoding on an API query (srpipe saves its pages as UTF-8), got "${q.encoding}"` });
    }
    if (api && q.pageSize !== undefined && q.pageSize > api.maxPageSize) {
      ctx.addIssue({ code: "custom", path: ["pageSize"], message: `expected at most ${api.maxPageSize.toLocaleString("en")} (the most ${q.database} serves per request), got ${q.pageSize}` });
    }
  });
export type Query = z.infer<typeof QuerySchema>;

function describeIssue(issue: z.core.$ZodIssue): { field: string; message: string } {
  const field = issue.path.length ? issue.path.join(".") : "(top level)";
  if (issue.code === "unrecognized_keys") {
    return { field, message: `expected only known fields, got unknown ${issue.keys.map((k) => `"${k}"`).join(", ")}` };
  }
  return { field, message: issue.message.replace(/^Invalid input: /, "") };
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && basename(file) === "review.json") {
      throw new ProtocolError({ file }, "expected the review protocol, got no such file (run srpipe in a review workspace, or pass --workspace DIR)");
    }
    throw new ProtocolError({ file }, `expected a readable JSON file, got ${code === "ENOENT" ? "no such file" : code ?? "an error"}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new ProtocolError({ file }, `expected JSON, got a syntax error: ${(error as Error).message}`);
  }
}

export function validate<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const { field, message } = describeIssue(parsed.error.issues[0]!);
  throw new ProtocolError({ file, field }, message);
}

export async function loadReview(file: string): Promise<Review> {
  return validate(ReviewSchema, await readJson(file), file);
}

/** Every `queries/*.json`, sorted by file name; ids must be unique and databases declared. */
export async function loadQueries(dir: string, review: Review): Promise<{ file: string; query: Query }[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
  } catch {
    return [];
  }
  const out: { file: string; query: Query }[] = [];
  const seen = new Map<string, string>();
  const databases = new Set(review.databases.map((d) => d.id));
  for (const name of names) {
    const file = join(dir, name);
    const query = validate(QuerySchema, await readJson(file), file);
    if (seen.has(query.id)) throw new ProtocolError({ file, field: "id" }, `expected a unique query id, got "${query.id}" (also in ${seen.get(query.id)})`);
    if (!databases.has(query.database)) {
      throw new ProtocolError({ file, field: "database" }, `expected one of the databases in review.json (${[...databases].join(", ")}), got "${query.database}"`);
    }
    seen.set(query.id, file);
    out.push({ file, query });
  }
  return out;
}
