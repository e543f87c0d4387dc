/**
 * Model names and sizes as the extraction sheets write them, and the one name each stands for.
 *
 * A `models_used` / `best_models` cell lists models separated by `;`, each a name with its size
 * in square brackets when the study gives one: `GPT-4; Llama 2 [7B]; Llama 2 [13B]`.
 * Names are compared ignoring case, spaces, hyphens and underscores (`LLaMA2` = `Llama-2`) and
 * through the taxonomy's alias table (`gpt-4-0613` = `ChatGPT (GPT-4)` = `GPT-4`); the canonical
 * name is the alias table's, else models.csv's spelling, else the first one typed.
 * Sizes are compared ignoring case and spaces (`7 b` = `7B`) and written `7B`, `8x7B`, `106M`.
 */
import type { ModelRef } from "./extraction-data.js";

export const modelKey = (name: string): string =>
  name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\-_]+/g, "");

const SIZE = /^(\d+(?:\.\d+)?)(?:x(\d+(?:\.\d+)?))?([kmbt])$/i;

export function canonicalSize(size: string): string {
  const compact = size.normalize("NFKC").replace(/\s+/g, "");
  const m = SIZE.exec(compact);
  if (!m) return size.trim().replace(/\s+/g, " ");
  return `${m[1]}${m[2] === undefined ? "" : `x${m[2]}`}${m[3]!.toUpperCase()}`;
}

export const sizeKey = (size: string): string => canonicalSize(size).toLowerCase();

export function refKey(ref: ModelRef): string {
  return `${modelKey(ref.model)}[${sizeKey(ref.size)}]`;
}

/** `Llama 2 [7B]`, or `GPT-4` without a size: how sheets and messages write a model. */
export function formatRef(ref: ModelRef): string {
  return ref.size === "" ? ref.model : `${ref.model} [${ref.size}]`;
}

/** The canonical spelling of every model name the alias table and models.csv know. */
export class ModelNames {
  private readonly canonical = new Map<string, string>();

  /** Throws when the alias table gives one spelling two canonical names. */
  constructor(aliases: readonly { model: string; aliases: readonly string[] }[]) {
    for (const entry of aliases) {
      for (const name of [entry.model, ...entry.aliases]) {
        const key = modelKey(name);
        const known = this.canonical.get(key);
        if (known !== undefined && known !== entry.model) {
          throw new Error(`the alias "${name}" names both "${known}" and "${entry.model}"`);
        }
        this.canonical.set(key, entry.model);
      }
    }
  }

  /** Registers a spelling (models.csv's) unless the name already has a canonical one; returns the canonical. */
  learn(name: string): string {
    const key = modelKey(name);
    const known = this.canonical.get(key);
    if (known !== undefined) return known;
    const spelled = name.trim().replace(/\s+/g, " ");
    this.canonical.set(key, spelled);
    return spelled;
  }

  /** The canonical name of a typed name (the typed one, tidied, when nothing is known of it). */
  of(name: string): string {
    return this.canonical.get(modelKey(name)) ?? name.trim().replace(/\s+/g, " ");
  }
}

export type ModelListItem = { ok: true; ref: ModelRef; typed: string } | { ok: false; typed: string; expected: string };

/** Splits a models cell into its references, as typed (names not yet made canonical). */
export function parseModelList(cell: string): ModelListItem[] {
  return cell
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((typed): ModelListItem => {
      const m = /^([^[\]]*?)\s*(?:\[([^[\]]*)\])?$/.exec(typed);
      if (!m || m[1]!.trim() === "") {
        return {
          ok: false,
          typed,
          expected:
            "a model name, with its size in square brackets when known (`Llama 2 [7B]`), models separated by `;`",
        };
      }
      return { ok: true, typed, ref: { model: m[1]!.trim().replace(/\s+/g, " "), size: canonicalSize(m[2] ?? "") } };
    });
}
