/**
 * Before srpipe replaces a reviewer's sheet it keeps the previous version beside it, in a
 * `.history/` folder: `<name>.<stamp>.csv`, `<name>.<stamp>-2.csv` if that exists already.
 * The backup holds the content srpipe read and merged (not a copy of the file as it is now,
 * which a reviewer may have saved again meanwhile). Returns the backup's workspace-relative path.
 */
import { mkdir } from "node:fs/promises";
import { writeFileAtomic } from "./atomic-write.js";
import { basename, join } from "node:path";
import { pathExists } from "./list-files.js";
import { assertRealPathInside } from "./workspace-path.js";
import { workspacePath, type Workspace } from "../workspace.js";

export async function backupSheet(
  workspace: Workspace,
  file: string,
  historyDir: string,
  stamp: string,
  content: string | Uint8Array,
): Promise<string> {
  const dir = join(workspace.root, historyDir);
  // A .history that is a link out of the workspace would put reviewers' sheets elsewhere.
  await assertRealPathInside(workspace.root, dir, historyDir);
  await mkdir(dir, { recursive: true });
  const name = basename(file, ".csv");
  let target = join(dir, `${name}.${stamp}.csv`);
  for (let n = 2; await pathExists(target); n++) target = join(dir, `${name}.${stamp}-${n}.csv`);
  await writeFileAtomic(target, content);
  return workspacePath(workspace, target);
}
