/** review.json's extraction.taxonomy may only name a file inside the workspace (issue 14). */
import { symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadTaxonomy } from "../../src/extraction/extraction-data.js";
import { OutsideWorkspaceError } from "../../src/io/workspace-path.js";
import { artefactPath } from "../../src/artefacts/artefact.js";
import { taxonomyFile } from "../../src/artefacts/extraction-sheets.js";
import { workspaceAt } from "../../src/workspace.js";
import { REVIEW, extractionWorkspace } from "./extraction-workspace.js";
import { stageContextAt } from "../stage-context.js";

describe("extraction.taxonomy is confined to the workspace", () => {
  test.each([
    ["/etc/passwd", 'the absolute path "/etc/passwd"'],
    ["../../../../../../etc/passwd", "leads out of the workspace"],
  ])("%j is refused without opening it, and nothing of it is shown", async (path, said) => {
    const root = await extractionWorkspace({}, { ...REVIEW, extraction: { taxonomy: path } });
    const load = loadTaxonomy(workspaceAt(root), (await stageContextAt(root)).review);
    await expect(load).rejects.toThrow(OutsideWorkspaceError);
    await expect(load).rejects.toThrow(`review.json: extraction.taxonomy: expected a path inside the workspace`);
    await expect(load).rejects.toThrow(said);
    await expect(load).rejects.not.toThrow(/root:/);
  });

  test("a taxonomy that is a link out of the workspace is refused, and is no stage input", async () => {
    const secret = join(tmpdir(), `srpipe-secret-${process.pid}.json`);
    await writeFile(secret, '{"secret": "do not print"}');
    const root = await extractionWorkspace({}, { ...REVIEW, extraction: { taxonomy: "taxonomy/linked.json" } });
    await symlink(secret, join(root, "taxonomy", "linked.json"));
    await expect(loadTaxonomy(workspaceAt(root), (await stageContextAt(root)).review)).rejects.toThrow(
      /taxonomy\/linked\.json: expected a path inside the workspace.*link that leads outside/,
    );
    const { review } = await stageContextAt(root);
    expect(artefactPath(workspaceAt(root), taxonomyFile(workspaceAt(root), review))).not.toBe(secret);
    expect(artefactPath(workspaceAt(root), taxonomyFile(workspaceAt(root), review))).not.toContain("linked.json");
  });

  test("a taxonomy inside the workspace still loads", async () => {
    const root = await extractionWorkspace();
    expect((await loadTaxonomy(workspaceAt(root), (await stageContextAt(root)).review)).stages.length).toBeGreaterThan(
      0,
    );
  });
});
