/**
 * OpenAlex sources (https://docs.openalex.org/api-entities/sources/source-object) saved as
 * received: a list page (`{ "meta": …, "results": [ … ] }`), an array of sources, one source
 * (`/sources/S137773608`), or JSON Lines (the snapshot's one source per line).
 *
 * The metric is a field path into a source: `cited_by_count`, `works_count`,
 * `summary_stats.2yr_mean_citedness`, `summary_stats.h_index`, or `counts_by_year.cited_by_count`
 * summed over the window (`year` and the `windowYears` before it). OpenAlex's yearly
 * `cited_by_count` counts citations received that year by any work of the source, not only by
 * works of the window, so it is not Scopus's Citation Count; a year OpenAlex does not list counts 0.
 */
import { InputError } from "../../errors.js";
import { cleanText } from "../../record.js";
import type { MetricConfig } from "../../protocol/eligibility.js";
import type { JournalRow, MetricCell } from "../journal-list.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Whether a sample looks like OpenAlex sources: an OpenAlex source id near the start. */
export function looksLikeOpenAlexSources(sample: string): boolean {
  return /^\s*[[{]/.test(sample) && /"id"\s*:\s*"https:\/\/openalex\.org\/S\d+"/.test(sample);
}

function parseDocument(text: string, file: string): JsonObject[] {
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch (error) {
    const lines = text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== "");
    if (lines.length < 2)
      throw new InputError({
        file,
        expected: "OpenAlex sources JSON",
        got: `a JSON syntax error: ${(error as Error).message}`,
      });
    return lines.map((line, index) => {
      try {
        const value = JSON.parse(line) as Json;
        if (isObject(value)) return value;
      } catch {
        /* reported below */
      }
      throw new InputError({
        file,
        line: index + 1,
        expected: "one OpenAlex source (a JSON object) per line",
        got: JSON.stringify(line.slice(0, 60)),
      });
    });
  }
  const items =
    isObject(parsed) && Array.isArray(parsed.results) ? parsed.results : Array.isArray(parsed) ? parsed : [parsed];
  return items.map((item, index) => {
    if (isObject(item)) return item;
    throw new InputError({
      file,
      field: `record ${index + 1}`,
      expected: "an OpenAlex source object",
      got: JSON.stringify(item).slice(0, 60),
    });
  });
}

function at(source: JsonObject, path: string): Json | undefined {
  let value: Json | undefined = source;
  for (const step of path.split(".")) value = isObject(value) ? value[step] : undefined;
  return value;
}

const text = (value: Json | undefined): string | null => (typeof value === "string" ? cleanText(value) : null);
const texts = (value: Json | undefined): string[] =>
  Array.isArray(value) ? value.map(text).filter((v): v is string => v !== null) : [];

/** A field's value, or the sum of `counts_by_year[].<field>` over the metric's window. */
export function openAlexMetric(
  source: JsonObject,
  metric: Pick<MetricConfig, "column" | "year" | "windowYears">,
): MetricCell {
  const yearly = /^counts_by_year\.(.+)$/.exec(metric.column);
  // review.json refuses a counts_by_year metric without its year (src/protocol/eligibility.ts).
  if (yearly && metric.year !== undefined) {
    const counts = source.counts_by_year;
    if (!Array.isArray(counts)) return { kind: "empty" };
    let sum = 0;
    for (const entry of counts) {
      if (!isObject(entry) || typeof entry.year !== "number") continue;
      if (entry.year > metric.year || entry.year <= metric.year - metric.windowYears) continue;
      const value = entry[yearly[1]!];
      if (typeof value !== "number") return { kind: "invalid", text: JSON.stringify(value ?? null) };
      sum += value;
    }
    return { kind: "value", value: sum };
  }
  const value = at(source, metric.column);
  if (value === undefined || value === null) return { kind: "empty" };
  return typeof value === "number" && Number.isFinite(value)
    ? { kind: "value", value }
    : { kind: "invalid", text: JSON.stringify(value) };
}

/** Field, subfield and domain of each topic, and the concepts: what a subject area is matched against. */
function areasOf(source: JsonObject): string[] {
  const areas: string[] = [];
  for (const topic of Array.isArray(source.topics) ? source.topics : []) {
    for (const level of ["domain", "field", "subfield"]) {
      const name = text(at(isObject(topic) ? topic : {}, `${level}.display_name`));
      if (name) areas.push(name);
    }
  }
  for (const concept of Array.isArray(source.x_concepts) ? source.x_concepts : []) {
    const name = isObject(concept) ? text(concept.display_name) : null;
    if (name) areas.push(name);
  }
  return [...new Set(areas)];
}

/** Whether a source has the metric's field at all (a misspelt path is an error, not a list of empty values). */
function hasMetricField(source: JsonObject, column: string): boolean {
  const yearly = /^counts_by_year\.(.+)$/.exec(column);
  if (yearly)
    return Array.isArray(source.counts_by_year) && source.counts_by_year.some((e) => isObject(e) && yearly[1]! in e);
  return at(source, column) !== undefined;
}

export function parseOpenAlexSources(
  content: string,
  file: string,
  metric: Pick<MetricConfig, "column" | "year" | "windowYears">,
): JournalRow[] {
  const sources = parseDocument(content.replace(/^\uFEFF/, ""), file);
  if (sources.length > 0 && !sources.some((source) => hasMetricField(source, metric.column))) {
    const fields = [...new Set(sources.flatMap((source) => Object.keys(source)))].sort();
    throw new InputError({
      file,
      field: "metric column",
      expected: `a field ${JSON.stringify(metric.column)} (review.json eligibility.metric.column; counts_by_year.cited_by_count sums the window)`,
      got: `sources with the fields ${fields.map((f) => JSON.stringify(f)).join(", ")}`,
    });
  }
  return sources.map((source, index) => {
    const id = text(source.id)?.replace(/^https:\/\/openalex\.org\//, "") ?? null;
    const abbreviated = text(source.abbreviated_title);
    return {
      format: "openalex-json",
      file,
      line: null,
      position: index + 1,
      sourceId: id === null ? null : `openalex:${id}`,
      title: text(source.display_name),
      issns: [text(source.issn_l), ...texts(source.issn)].filter((v): v is string => v !== null),
      abbreviations: abbreviated ? [abbreviated] : [],
      alternateTitles: texts(source.alternate_titles),
      areas: areasOf(source),
      metric: openAlexMetric(source, metric),
    };
  });
}
