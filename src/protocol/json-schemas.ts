/**
 * JSON Schemas for the protocol files, derived from the zod contracts (one source of truth):
 * schemas/review.schema.json, query.schema.json and taxonomy.schema.json. Editors use them
 * through each file's `"$schema"`; tests/protocol/json-schemas.test.ts keeps the committed
 * copies equal to what this module derives (`npm run schemas` rewrites them).
 *
 * The schemas describe what a person may type (zod's input side: fields with defaults are
 * optional). Cross-field rules (unique ids, a reason code declared before use) stay in zod and
 * are reported by srpipe, not by the editor.
 */
import { z } from "zod";
import { QuerySchema, ReviewSchema } from "../protocol.js";
import { SCHEMA_FILES } from "./annotations.js";
import { JournalListSchema } from "./eligibility.js";
import { TaxonomyFileSchema } from "./extraction.js";

interface SchemaEntry {
  file: string;
  title: string;
  description: string;
  schema: z.ZodType;
}

export const PROTOCOL_SCHEMAS: readonly SchemaEntry[] = [
  {
    file: SCHEMA_FILES.review,
    title: "srpipe review.json",
    description: "The review protocol: databases, journal eligibility, screening, extraction and PRISMA settings.",
    schema: ReviewSchema,
  },
  {
    file: SCHEMA_FILES.query,
    title: "srpipe query file (queries/*.json)",
    description: "One search: database, query string as run, date window, filters, where a manual export is saved.",
    schema: QuerySchema,
  },
  {
    file: SCHEMA_FILES.taxonomy,
    title: "srpipe extraction taxonomy",
    description: "The controlled vocabularies every extraction sheet cell is checked against.",
    schema: TaxonomyFileSchema,
  },
];

/** The schema file's text: two-space JSON and a final line break, so the committed file diffs cleanly. */
export function jsonSchemaText(entry: SchemaEntry): string {
  const generated = z.toJSONSchema(entry.schema, {
    io: "input",
    unrepresentable: "any",
    override: (context) => {
      // A journal list may be written as its bare path; zod's preprocess hides that from the derivation.
      if (context.zodSchema === JournalListSchema) {
        const objectForm = { ...context.jsonSchema };
        for (const key of Object.keys(context.jsonSchema)) delete (context.jsonSchema as { [k: string]: unknown })[key];
        Object.assign(context.jsonSchema, {
          anyOf: [{ type: "string", description: "the list's path; its format is detected" }, objectForm],
        });
      }
    },
  });
  const { $schema, ...rest } = generated;
  return `${JSON.stringify({ $schema, title: entry.title, description: entry.description, ...rest }, null, 2)}\n`;
}
