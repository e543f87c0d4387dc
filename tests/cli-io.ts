/** Run the CLI in-process with captured streams, or as a real child process. */
import { spawnSync } from "node:child_process";
import { PassThrough } from "node:stream";
import { join } from "node:path";
import { main } from "../src/cli.js";
import { REPO_DIR } from "./helpers.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `options.tty`: stderr says it is a terminal, as a reviewer's shell would (progress lines redrawn in place). */
export async function runCli(
  argv: readonly string[],
  cwd = REPO_DIR,
  options: { tty?: boolean } = {},
): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: options.tty === true });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (b: Buffer) => out.push(b));
  stderr.on("data", (b: Buffer) => err.push(b));
  const code = await main(argv, { stdout, stderr, cwd });
  return { code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
}

/** The built CLI (`npm test` builds dist/ first), as a reviewer's shell runs it. */
export function spawnCli(argv: string[], cwd = REPO_DIR): CliResult {
  const result = spawnSync(process.execPath, [join(REPO_DIR, "dist", "cli.js"), ...argv], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
