/**
 * Fields for people and editors, allowed in every protocol file and ignored by the pipeline.
 * JSON has no comments, so a review says why in `"$comment"`; `"$schema"` points an editor at
 * the JSON Schema (schemas/*.schema.json) so it completes and checks the file as it is typed.
 */
import { z } from "zod";

export const SCHEMA_FILES = {
  review: "review.schema.json",
  query: "query.schema.json",
  taxonomy: "taxonomy.schema.json",
} as const;

/** The folder, in the repository and in every workspace `srpipe init` creates, holding the schemas. */
export const SCHEMAS_DIR = "schemas";

export const schemaReference = z
  .string()
  .min(1)
  .optional()
  .meta({ description: "The JSON Schema this file follows, for editors (srpipe ignores it)." });

export const comment = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .meta({
    description:
      "A note for the people reading this file: why a value is what it is, what the source left unsaid. srpipe ignores it.",
  });
