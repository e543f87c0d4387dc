/**
 * Where things live in a review workspace (DESIGN.md, "Layout"). raw/ is evidence,
 * processed/ is derived and safe to delete.
 */
import { resolve, join, relative, sep } from "node:path";

export interface Workspace {
  root: string;
  reviewFile: string;
  queriesDir: string;
  rawDir: string;
  searchesDir: string;
  exportsDir: string;
  processedDir: string;
}

export function workspaceAt(root: string): Workspace {
  const abs = resolve(root);
  return {
    root: abs,
    reviewFile: join(abs, "review.json"),
    queriesDir: join(abs, "queries"),
    rawDir: join(abs, "raw"),
    searchesDir: join(abs, "raw", "searches"),
    exportsDir: join(abs, "raw", "exports"),
    processedDir: join(abs, "processed"),
  };
}

/** Workspace-relative path with forward slashes, as provenance records it on every OS. */
export function workspacePath(workspace: Workspace, file: string): string {
  return relative(workspace.root, file).split(sep).join("/");
}
