// Finds the Chromium the browser tests drive (tests/browser.ts), and, run as a script (the
// first step of `npm test`), fails at once with the one command that installs it, instead of
// letting the suite build and run for minutes before the browser tests fail.
// playwright-core cannot download its own browser without the network, so it drives a system
// Chromium: Debian's package (what `.ci/run` installs), or CHROMIUM_PATH.
import { accessSync, constants, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The one command that installs Debian's Chromium: the package lists first (a fresh machine or
 * container has none, and then `install` finds no package), through sudo unless already root
 * (a container's root often has no sudo at all).
 */
export function installCommand(uid = process.getuid?.() ?? -1) {
  const as = uid === 0 ? "" : "sudo ";
  return `${as}apt-get update && ${as}apt-get install -y --no-install-recommends chromium`;
}

const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Playwright's own downloads, when someone ran `npx playwright install chromium` with a network. */
function playwrightBrowsers(home) {
  const cache = join(home, ".cache", "ms-playwright");
  try {
    return readdirSync(cache)
      .filter((name) => name.startsWith("chromium-"))
      .sort()
      .reverse()
      .flatMap((name) => [join(cache, name, "chrome-linux64", "chrome"), join(cache, name, "chrome-linux", "chrome")]);
  } catch {
    return [];
  }
}

/** Where to look, in order: CHROMIUM_PATH, then the usual names on PATH and in /usr/bin, then Playwright's cache. */
export function chromiumCandidates(env = process.env, home = homedir()) {
  const names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
  const dirs = [...(env.PATH ?? "").split(delimiter).filter(Boolean), "/usr/bin", "/snap/bin"];
  return [
    ...(env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : []),
    ...dirs.flatMap((dir) => names.map((name) => join(dir, name))),
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    ...playwrightBrowsers(home),
  ];
}

/** The first candidate that is an executable file, or null. CHROMIUM_PATH, when set, must be one. */
export function findChromium(env = process.env, isExecutable = executable, home = homedir()) {
  if (env.CHROMIUM_PATH) return isExecutable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  return chromiumCandidates(env, home).find((path) => isExecutable(path)) ?? null;
}

/** What `npm test` prints when there is none. */
export function missingChromiumMessage(env = process.env, uid = process.getuid?.() ?? -1) {
  if (env.CHROMIUM_PATH)
    return `CHROMIUM_PATH is ${JSON.stringify(env.CHROMIUM_PATH)}, which is not an executable file: point it at Chromium or Chrome, or unset it.`;
  return (
    "Chromium not found: the PRISMA diagram and selector tests render pages in it (playwright-core drives a system Chromium).\n" +
    `Install it with:\n\n    ${installCommand(uid)}\n\n` +
    "or set CHROMIUM_PATH to a Chromium or Chrome executable, then run `npm test` again."
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const found = findChromium();
  if (found === null) {
    console.error(missingChromiumMessage());
    process.exit(1);
  }
}
