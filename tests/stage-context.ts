/** A stage context as commands build it (openStageContext), for tests that call a stage or a reader directly. */
import { createLogger, type Logger } from "../src/log.js";
import { openStageContext, type StageContext } from "../src/stages/stage.js";
import { workspaceAt } from "../src/workspace.js";

export function stageContextAt(root: string, log: Logger = createLogger("quiet", () => {})): Promise<StageContext> {
  return openStageContext(workspaceAt(root), log);
}
