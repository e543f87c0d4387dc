/**
 * The `prisma` section of review.json (owned by the PRISMA report): what the records cannot
 * say by themselves.
 *
 * - `notRetrieved`: the exclusion reason codes that mean "the full text could not be obtained".
 *   At a full-text phase, records excluded with one of them count as PRISMA 2020's "Reports
 *   not retrieved" instead of "Reports excluded".
 * - `previous`: for an update, the studies the previous version of the review included. Best
 *   as a file (the previous version's processed/prisma/lists/included.csv, copied under raw/):
 *   studies found again are then not counted as new. As bare numbers when the previous version
 *   was not made with srpipe; every included study then counts as new.
 *
 * ```json
 * "prisma": {
 *   "notRetrieved": ["no-full-text"],
 *   "previous": { "file": "raw/previous/included-2025.csv" }
 * }
 * ```
 */
import { z } from "zod";
import { comment } from "./annotations.js";

const identifier = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and hyphens");

const previousFile = z
  .string()
  .regex(/^raw\/[^\\]+\.csv$/, "a .csv file under raw/ (forward slashes, relative to the workspace)")
  .refine((path) => !path.split("/").includes(".."), "a path without `..`");

export const PreviousVersionSchema = z.union([
  z
    .object({
      /** A CSV with a `study_id` column (and `cluster_id` when reports are counted), one row per included report. */
      file: previousFile,
    })
    .strict(),
  z
    .object({
      studies: z.number().int().nonnegative(),
      /** Reports of those studies; equal to `studies` when absent. */
      reports: z.number().int().nonnegative().optional(),
    })
    .strict(),
]);

export const PrismaConfigSchema = z
  .object({
    $comment: comment,
    notRetrieved: z.array(identifier).default([]),
    previous: PreviousVersionSchema.optional(),
  })
  .strict();
