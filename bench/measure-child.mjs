// Runs one srpipe command in this process and reports its peak resident memory, so the
// benchmark measures srpipe and not the harness.
import { main } from "../dist/cli.js";

let records = 0;
let rejected = 0;
const realWrite = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  const text = typeof chunk === "string" ? chunk : chunk.toString();
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) records++;
  return realWrite(chunk, ...rest);
};
const realErr = process.stderr.write.bind(process.stderr);
process.stderr.write = (chunk, ...rest) => {
  const text = typeof chunk === "string" ? chunk : chunk.toString();
  rejected += (text.match(/: expected .*, got /g) ?? []).length;
  return realErr(chunk, ...rest);
};
const code = await main(process.argv.slice(2));
realErr(
  `records=${records} rejected=${rejected} peak-rss-bytes=${process.resourceUsage().maxRSS * 1024} exit=${code}\n`,
);
process.exitCode = code;
