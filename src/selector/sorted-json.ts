/**
 * JSON with every object's keys in code-point order, so the embedded catalog's bytes never depend
 * on the order in which code happened to build its objects. Arrays keep their order (the builder
 * sorts them).
 */
export function sortedJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: { [key: string]: unknown } = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as { [key: string]: unknown })[key]);
    return out;
  }
  return value;
}
