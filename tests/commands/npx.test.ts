import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { REPO_DIR } from "../helpers.js";

describe("npx srpipe, as the README writes it", () => {
  test("the build links node_modules/.bin/srpipe to the built CLI", () => {
    const link = join(REPO_DIR, "node_modules", ".bin", "srpipe");
    expect(realpathSync(link)).toBe(realpathSync(join(REPO_DIR, "dist", "cli.js")));
  });

  test("runs the local build without installing the project into npm's cache (offline, empty cache)", async () => {
    const cache = await mkdtemp(join(tmpdir(), "srpipe-npm-cache-"));
    const result = spawnSync("npx", ["--offline", "srpipe", "--version"], {
      cwd: REPO_DIR,
      encoding: "utf8",
      env: { ...process.env, npm_config_cache: cache, npm_config_update_notifier: "false" },
    });
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(
      `${(JSON.parse(readFileSync(join(REPO_DIR, "package.json"), "utf8")) as { version: string }).version}\n`,
    );
    expect(result.status).toBe(0);
    // npm installs a project that declares its own `bin` into <cache>/_npx (and builds it) before running it.
    expect(existsSync(join(cache, "_npx")) ? await readdir(join(cache, "_npx")) : []).toEqual([]);
  });
});
