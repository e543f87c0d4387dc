/**
 * What the Elsevier APIs (Scopus Search, ScienceDirect Search) share: the key and the optional
 * institutional token travel as headers (`X-ELS-APIKey`, `X-ELS-Insttoken`), errors come as a
 * `service-error` or `error-response` object, and the key's weekly quota is in every answer's
 * headers. https://dev.elsevier.com/api_key_settings.html: "X-RateLimit-Limit <----Shows API quota
 * setting, X-RateLimit-Remaining <----Shows API remaining quota, X-RateLimit-Reset 1234567891
 * <----Date/Time in Epoch seconds when API quota resets"; "If the quota is exceeded,
 * X-RateLimit-Limit and X-RateLimit-Remaining don't return. Instead, the APIs deliver an http 429
 * TOO MANY REQUESTS msg, along with … X-ELS-Status QUOTA_EXCEEDED - Quota Exceeded,
 * X-RateLimit-Reset"; a 429 without it is the per-second throttle. Quotas are "reset every
 * seven days". Headers: https://dev.elsevier.com/tecdoc_api_authentication.html.
 */
import type { ResponseHeaders } from "../io/http.js";
import type { Env, Quota } from "./api-source.js";
import { headerText, isJsonObject, jsonAt, parseJsonBody } from "./json-api-page.js";

export interface ElsevierKeys {
  apiKey: string | null;
  instToken: string | null;
}

export function elsevierKeys(env: Env): ElsevierKeys {
  return { apiKey: env.ELSEVIER_API_KEY?.trim() || null, instToken: env.ELSEVIER_INSTTOKEN?.trim() || null };
}

/** The headers that carry the key: added only when sending, redacted everywhere else. */
export function elsevierHeaders(keys: ElsevierKeys): { [name: string]: string } {
  const headers: { [name: string]: string } = {};
  if (keys.apiKey) headers["X-ELS-APIKey"] = keys.apiKey;
  if (keys.instToken) headers["X-ELS-Insttoken"] = keys.instToken;
  return headers;
}

/** Requests a key may send in a week to Scopus Search and to ScienceDirect Search, each (API key settings). */
export const ELSEVIER_WEEKLY_QUOTA = 20_000;

export function elsevierSetupNote(keys: ElsevierKeys): string {
  return `, ${keys.apiKey ? "with" : "no"} ELSEVIER_API_KEY, ${keys.instToken ? "with" : "no"} ELSEVIER_INSTTOKEN (${ELSEVIER_WEEKLY_QUOTA.toLocaleString("en")} requests a week)`;
}

export function missingElsevierKey(keys: ElsevierKeys, name: string): string | null {
  return keys.apiKey
    ? null
    : `${name} needs an Elsevier API key: set ELSEVIER_API_KEY (from https://dev.elsevier.com/apikey/manage; off campus also ELSEVIER_INSTTOKEN)`;
}

/** What an Elsevier error body says: `service-error.status`, `error-response`, or null. */
export function elsevierErrorText(body: Buffer): string | null {
  const parsed = parseJsonBody(body, "Elsevier");
  if (!parsed.ok) return null;
  const status = jsonAt(parsed.json, "service-error", "status");
  if (isJsonObject(status)) {
    const code = typeof status.statusCode === "string" ? status.statusCode : "";
    const text = typeof status.statusText === "string" ? status.statusText : "";
    return [code, text].filter(Boolean).join(": ") || null;
  }
  const response = jsonAt(parsed.json, "error-response");
  if (isJsonObject(response)) {
    const code = typeof response["error-code"] === "string" ? response["error-code"] : "";
    const text = typeof response["error-message"] === "string" ? response["error-message"] : "";
    return [code, text].filter(Boolean).join(": ") || null;
  }
  return null;
}

/**
 * A 429 for an exhausted quota (weekly for Scopus and ScienceDirect searches) cannot be
 * waited out in a fetch; a 429 without it is the per-second throttle, retried as usual.
 */
export function elsevierQuotaRefusal(status: number, headers: ResponseHeaders, nowMs = Date.now()): string | null {
  if (status !== 429) return null;
  const els = headerText(headers["x-els-status"]);
  if (!/QUOTA_EXCEEDED/i.test(els)) return null;
  const limit = headerText(headers["x-ratelimit-limit"]);
  const reset = quotaReset(headerText(headers["x-ratelimit-reset"]));
  const passed = reset?.epochMs !== null && reset?.epochMs !== undefined && reset.epochMs <= nowMs;
  const when = reset ? ` It resets at ${reset.text}${passed ? " (already passed: ask again)" : ""}` : "";
  return `the API key's quota is used up (${els}${limit ? `; quota ${limit} requests` : ""}).${when}; \`srpipe fetch --resume\` continues from the last saved page then`;
}

/** Past this an epoch count is milliseconds: as seconds it would be the year 5138. */
const EPOCH_MILLISECONDS_FROM = 1e11;

/**
 * X-RateLimit-Reset as a time to show. Epoch seconds, as the key settings page documents, or
 * milliseconds, as a Scopus answer recorded in 2021 carried (`X-RateLimit-Reset: 1631249428000`,
 * romulusFR/Rec-DM-chemotaxonomy scopus/NOTES.md), both as ISO 8601; anything else non-empty as
 * the API wrote it (answers quoted in 2019 gave `2019-10-03 07:18:17`, without a time zone, so it
 * is not converted). Null when absent.
 */
function quotaReset(text: string): { text: string; epochMs: number | null } | null {
  if (/^\d+$/.test(text) && Number(text) > 0) {
    const count = Number(text);
    const epochMs = count >= EPOCH_MILLISECONDS_FROM ? count : count * 1000;
    return { text: new Date(epochMs).toISOString(), epochMs };
  }
  return text === "" ? null : { text: `${text} (as the API wrote it)`, epochMs: null };
}

/**
 * The quota every Elsevier response reports: `X-RateLimit-Remaining` of `X-RateLimit-Limit`
 * requests, refilled at `X-RateLimit-Reset` (epoch seconds). Null without a readable remainder.
 */
export function elsevierQuota(headers: ResponseHeaders): Quota | null {
  const count = (name: string): number | null => {
    const text = headerText(headers[name]);
    return /^\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : null;
  };
  const remaining = count("x-ratelimit-remaining");
  if (remaining === null) return null;
  return {
    remaining,
    limit: count("x-ratelimit-limit"),
    resetsAt: quotaReset(headerText(headers["x-ratelimit-reset"]))?.text ?? null,
  };
}
