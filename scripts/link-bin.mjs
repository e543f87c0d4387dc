// Links node_modules/.bin/srpipe to the built CLI, after every build (so after `npm ci` too).
// npm links the bins of dependencies only, never the project's own, so without this link
// `npx srpipe` finds no local command and installs the whole project into npm's cache first
// (44–65 s of silence on a fresh machine); with it, npx runs dist/cli.js at once.
import { chmodSync, existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "dist", "cli.js");
const binDir = join(root, "node_modules", ".bin");
const link = join(binDir, "srpipe");

if (!existsSync(target)) {
  console.error(`link-bin: ${relative(root, target)} does not exist; run \`npm run build\` first`);
  process.exit(1);
}
// tsc writes files without the execute bit; the link runs the file itself, as npm's own bin links do.
chmodSync(target, 0o755);
if (process.platform !== "win32") {
  mkdirSync(binDir, { recursive: true });
  const wanted = relative(binDir, target);
  let current = null;
  try {
    current = lstatSync(link).isSymbolicLink() ? readlinkSync(link) : "";
  } catch {
    current = null;
  }
  if (current !== wanted) {
    if (current !== null) rmSync(link, { force: true });
    symlinkSync(wanted, link);
  }
}
