import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { findChromium, installCommand, missingChromiumMessage } from "../scripts/find-chromium.mjs";
import { REPO_DIR } from "./helpers.js";

describe("finding Chromium for the browser tests", () => {
  test("CHROMIUM_PATH wins when it is an executable, and is not silently replaced when it is not", () => {
    const everything = () => true;
    expect(findChromium({ CHROMIUM_PATH: "/opt/chrome/chrome", PATH: "/usr/bin" }, everything, "/home/x")).toBe(
      "/opt/chrome/chrome",
    );
    expect(
      findChromium(
        { CHROMIUM_PATH: "/opt/chrome/chrome", PATH: "/usr/bin" },
        (p) => p === "/usr/bin/chromium",
        "/home/x",
      ),
    ).toBeNull();
  });

  test("looks for the usual names along PATH, in order", () => {
    const present = new Set(["/usr/local/bin/chromium-browser", "/usr/bin/chromium"]);
    expect(findChromium({ PATH: "/usr/local/bin:/usr/bin" }, (p) => present.has(p), "/home/x")).toBe(
      "/usr/local/bin/chromium-browser",
    );
  });

  test("finds none on a machine without one, and then names the one command that installs it", () => {
    expect(findChromium({ PATH: "/nowhere" }, () => false, "/nonexistent-home")).toBeNull();
    expect(missingChromiumMessage({}, 1000)).toContain(
      "\n    sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium\n",
    );
  });

  test("as root (a container, often without sudo) the command runs apt-get itself", () => {
    expect(installCommand(0)).toBe("apt-get update && apt-get install -y --no-install-recommends chromium");
    expect(missingChromiumMessage({}, 0)).toContain(`\n    ${installCommand(0)}\n`);
  });

  test("`npm test` checks for Chromium before building or running anything", () => {
    const scripts = (JSON.parse(readFileSync(join(REPO_DIR, "package.json"), "utf8")) as { scripts: { test: string } })
      .scripts;
    expect(scripts.test.startsWith("node scripts/find-chromium.mjs && ")).toBe(true);
  });

  test("the check fails at once, exit 1, when CHROMIUM_PATH names no executable", () => {
    const result = spawnSync(process.execPath, [join(REPO_DIR, "scripts", "find-chromium.mjs")], {
      encoding: "utf8",
      env: { ...process.env, CHROMIUM_PATH: join(REPO_DIR, "no-such-chromium") },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("which is not an executable file");
  });
});
