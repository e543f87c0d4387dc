import { mkdir, mkdtemp, readdir, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { backupSheet } from "../../src/io/sheet-backup.js";
import { OutsideWorkspaceError } from "../../src/io/workspace-path.js";
import { workspaceAt } from "../../src/workspace.js";

test("a raw/screening/.history that links outside the workspace receives no backup", async () => {
  const base = await mkdtemp(join(tmpdir(), "srpipe-backup-"));
  const root = join(base, "review");
  const elsewhere = join(base, "elsewhere");
  await mkdir(join(root, "raw", "screening"), { recursive: true });
  await mkdir(elsewhere);
  await writeFile(join(root, "raw", "screening", "title-abstract-ana.csv"), "key,decision\n");
  await symlink(elsewhere, join(root, "raw", "screening", ".history"));
  const backup = backupSheet(
    workspaceAt(root),
    "raw/screening/title-abstract-ana.csv",
    "raw/screening/.history",
    "20250101T000000Z",
    "key,decision\n",
  );
  await expect(backup).rejects.toThrow(OutsideWorkspaceError);
  await expect(backup).rejects.toThrow(/raw\/screening\/\.history: expected a path inside the workspace/);
  expect(await readdir(elsewhere)).toEqual([]);
});

test("a .history inside the workspace receives the backup", async () => {
  const root = await mkdtemp(join(tmpdir(), "srpipe-backup-"));
  await mkdir(join(root, "raw", "screening"), { recursive: true });
  await writeFile(join(root, "raw", "screening", "s.csv"), "key,decision\n");
  expect(
    await backupSheet(
      workspaceAt(root),
      "raw/screening/s.csv",
      "raw/screening/.history",
      "20250101T000000Z",
      "key,decision\n",
    ),
  ).toBe("raw/screening/.history/s.20250101T000000Z.csv");
});
