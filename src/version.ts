/** srpipe's version, from package.json: printed by `--version`, sent in the User-Agent, written in search logs. */
import { readFileSync } from "node:fs";

let cached: string | null = null;

export function srpipeVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string })
    .version;
  return cached;
}
