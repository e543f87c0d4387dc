import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import {
  OutsideWorkspaceError,
  assertRealPathInside,
  confinePath,
  confinedRealPathSync,
  realPathInside,
} from "../../src/io/workspace-path.js";

let root: string;
let outside: string;
beforeAll(async () => {
  const base = await mkdtemp(join(tmpdir(), "srpipe-boundary-"));
  root = join(base, "review");
  outside = join(base, "elsewhere");
  await mkdir(join(root, "raw", "exports"), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(join(outside, "secret.txt"), "secret\n");
  await writeFile(join(root, "raw", "exports", "inside.ris"), "TY  - JOUR\nER  - \n");
  await symlink(join(outside, "secret.txt"), join(root, "raw", "exports", "out.ris"));
  await symlink(join(root, "raw", "exports", "inside.ris"), join(root, "raw", "exports", "alias.ris"));
  await symlink(outside, join(root, "raw", "linked-dir"));
  await symlink(join(root, "raw", "nowhere"), join(root, "raw", "dangling.ris"));
});

describe("confinePath", () => {
  test("a relative name inside the workspace resolves against the root", () => {
    expect(confinePath(root, "taxonomy/t.json", { file: "review.json" })).toBe(join(root, "taxonomy", "t.json"));
  });

  test.each([
    ["/etc/passwd", "absolute path"],
    ["../../etc/passwd", "leads out of the workspace"],
    ["taxonomy/../../x.json", "leads out of the workspace"],
    ["C:\\Windows\\win.ini", "absolute path"],
    ["a\u0000b", "NUL"],
  ])("%j is refused before anything is read", (name, said) => {
    const call = () => confinePath(root, name, { file: "review.json", field: "extraction.taxonomy" });
    expect(call).toThrow(OutsideWorkspaceError);
    expect(call).toThrow(said);
    expect(call).toThrow(/^review\.json: extraction\.taxonomy: expected a path inside the workspace/);
  });
});

describe("realPathInside", () => {
  test("a plain file inside is inside", async () => {
    expect(await realPathInside(root, join(root, "raw", "exports", "inside.ris"))).toMatchObject({ inside: true });
  });

  test("a link to a file elsewhere is outside, and says where it leads", async () => {
    const check = await realPathInside(root, join(root, "raw", "exports", "out.ris"));
    expect(check.inside).toBe(false);
    if (!check.inside) expect(check.reason).toContain("secret.txt");
  });

  test("a link that stays inside the workspace is followed", async () => {
    expect(await realPathInside(root, join(root, "raw", "exports", "alias.ris"))).toEqual({
      inside: true,
      realPath: expect.stringMatching(/inside\.ris$/),
    });
  });

  test("a path not yet created below a linked-out folder is outside", async () => {
    const check = await realPathInside(root, join(root, "raw", "linked-dir", "new", "backup.csv"));
    expect(check.inside).toBe(false);
  });

  test("a dangling link is refused", async () => {
    const check = await realPathInside(root, join(root, "raw", "dangling.ris"));
    expect(check).toMatchObject({ inside: false, reason: expect.stringContaining("does not exist") });
  });

  test("assertRealPathInside names the file it refuses", async () => {
    await expect(
      assertRealPathInside(root, join(root, "raw", "exports", "out.ris"), "raw/exports/out.ris"),
    ).rejects.toThrow(/^raw\/exports\/out\.ris: expected a path inside the workspace.*got a link that leads outside/);
  });

  test("the synchronous check refuses a link out and keeps a path inside", () => {
    expect(confinedRealPathSync(root, "raw/exports/out.ris")).toBeNull();
    expect(confinedRealPathSync(root, "/etc/passwd")).toBeNull();
    expect(confinedRealPathSync(root, "raw/exports/inside.ris")).toBe(join(root, "raw", "exports", "inside.ris"));
  });
});
