/**
 * Before srpipe replaces a reviewer's sheet it keeps the previous version beside it, in a
 * `.history/` folder: `<name>.<stamp>.csv`, `<name>.<stamp>-2.csv` if that exists already.
 * Returns the backup's workspace-relative path.
 */
import { copyFile, mkdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { pathExists } from "./list-files.js";
import { assertRealPathInside } from "./workspace-path.js";
import { workspacePath, type Workspace } from "../workspace.js";

export async function backupSheet(workspace: Workspace, file: string, historyDir: string, stamp: string): Promise<string> {
  const dir = join(workspace.root, historyDir);
  // A .history that is a link out of the workspace would put reviewers' sheets elsewhere.
  await assertRealPathInside(workspace.root, dir, historyDir);
  await mkdir(dir, { recursive: true });
  const name = basename(file, ".csv");
  let target = join(dir, `${name}.${stamp}.csv`);
  for (let n = 2; await pathExists(target); n++) target = join(dir, `${name}.${stamp}-${n}.csv`);
  await copyFile(join(workspace.root, file), target);
  return workspacePath(workspace, target);
}
