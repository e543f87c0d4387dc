// Rewrites schemas/*.schema.json from the zod contracts (run through `npm run schemas`, which builds dist/ first).
import { writeFile, mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { PROTOCOL_SCHEMAS, jsonSchemaText } from "../dist/protocol/json-schemas.js";

const dir = fileURLToPath(new URL("../schemas/", import.meta.url));
await mkdir(dir, { recursive: true });
for (const entry of PROTOCOL_SCHEMAS) {
  await writeFile(`${dir}${entry.file}`, jsonSchemaText(entry));
  process.stderr.write(`wrote schemas/${entry.file}\n`);
}
