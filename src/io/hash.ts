/** Content hashes: the sha256 of fetched pages (search.json) and, later, of stage inputs. */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

export function sha256(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("hex");
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
