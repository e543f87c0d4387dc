#!/usr/bin/env node
// `npm test`'s type-check: one TypeScript program of tsconfig.json (src/, tests/, bench/) gives
// tsc's diagnostics (as `tsc --noEmit` prints them) and then the unused-export check, so the
// program is built once for both. Exit 1 on a type error or an unused export.
//
// Unused exports: fails on an export of src/ used nowhere: not referenced in its own module and imported
// by no other file of src/ or tests/ (the TypeScript program of tsconfig.json), nor named in
// bench/ or scripts/ (plain .mjs importing dist/, where an export counts as used when its name
// appears there as a word). Exports only the CLI's entry point needs are listed in ENTRY_POINTS.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const ENTRY_POINTS = new Set(["src/cli.ts:main"]);

const config = ts.getParsedCommandLineOfConfigFile(
  join(root, "tsconfig.json"),
  {},
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
);
if (!config) throw new Error("tsconfig.json could not be read");
const program = ts.createProgram(config.fileNames, { ...config.options, noEmit: true });
const diagnostics = ts.getPreEmitDiagnostics(program);
if (diagnostics.length > 0) {
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" };
  const format = process.stderr.isTTY ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
  process.stderr.write(format(diagnostics, host));
  process.stderr.write(`\n${diagnostics.length} type error${diagnostics.length === 1 ? "" : "s"}\n`);
  process.exit(1);
}
const checker = program.getTypeChecker();
const rel = (file) => relative(root, file).split("\\").join("/");
const used = new Set(); // "src/x.ts:name"; "src/x.ts:*" for a whole-module use

function resolveFrom(file, specifier) {
  const found = ts.resolveModuleName(specifier, file, config.options, ts.sys).resolvedModule;
  return found && !found.isExternalLibraryImport ? rel(found.resolvedFileName) : null;
}

function noteImport(file, specifierNode, names) {
  if (!ts.isStringLiteralLike(specifierNode)) return;
  const target = resolveFrom(file, specifierNode.text);
  if (target) for (const name of names) used.add(`${target}:${name}`);
}

// `import { a, b as c }`, `export { a } from`, `export * from`, `import * as ns`, and
// `const { a } = await import("…")`; any other dynamic import uses the whole module.
function visit(file, node) {
  if (ts.isImportDeclaration(node)) {
    const bindings = node.importClause?.namedBindings;
    const names = [];
    if (node.importClause?.name) names.push("default");
    if (bindings && ts.isNamespaceImport(bindings)) names.push("*");
    if (bindings && ts.isNamedImports(bindings))
      for (const el of bindings.elements) names.push((el.propertyName ?? el.name).text);
    noteImport(file, node.moduleSpecifier, names);
  } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
    const clause = node.exportClause;
    noteImport(
      file,
      node.moduleSpecifier,
      clause && ts.isNamedExports(clause) ? clause.elements.map((el) => (el.propertyName ?? el.name).text) : ["*"],
    );
  } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0]) {
    let holder = node.parent;
    while (holder && (ts.isAwaitExpression(holder) || ts.isParenthesizedExpression(holder))) holder = holder.parent;
    const pattern =
      holder && ts.isVariableDeclaration(holder) && ts.isObjectBindingPattern(holder.name) ? holder.name : null;
    noteImport(
      file,
      node.arguments[0],
      pattern ? pattern.elements.map((el) => (el.propertyName ?? el.name).getText()) : ["*"],
    );
  }
  ts.forEachChild(node, (child) => visit(file, child));
}

const sources = program
  .getSourceFiles()
  .filter((sf) => !sf.isDeclarationFile && !rel(sf.fileName).startsWith("node_modules/"));
for (const sf of sources) visit(sf.fileName, sf);

const mjsText = ["bench", "scripts"]
  .flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((name) => name.endsWith(".mjs"))
      .map((name) => readFileSync(join(root, dir, name), "utf8")),
  )
  .join("\n");
const mjsWords = new Set(mjsText.match(/[A-Za-z_$][\w$]*/g));

/** Whether the module refers to the exported symbol anywhere but at its own declaration. */
function usedInOwnModule(sf, symbol) {
  const declared = new Set((symbol.declarations ?? []).map((d) => d.name ?? d));
  let found = false;
  const walk = (node) => {
    if (found) return;
    if (ts.isIdentifier(node) && node.text === symbol.getName() && !declared.has(node)) {
      const at = checker.getSymbolAtLocation(node);
      if (at && (at === symbol || checker.getExportSymbolOfSymbol(at) === symbol)) found = true;
    }
    ts.forEachChild(node, walk);
  };
  walk(sf);
  return found;
}

const unused = [];
for (const sf of sources) {
  const path = rel(sf.fileName);
  if (!path.startsWith("src/")) continue;
  const moduleSymbol = checker.getSymbolAtLocation(sf);
  if (!moduleSymbol || used.has(`${path}:*`)) continue;
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const name = symbol.getName();
    const key = `${path}:${name}`;
    if (used.has(key) || ENTRY_POINTS.has(key) || mjsWords.has(name) || usedInOwnModule(sf, symbol)) continue;
    const declaration = symbol.declarations?.[0];
    const line = declaration ? sf.getLineAndCharacterOfPosition(declaration.getStart()).line + 1 : 0;
    unused.push(`${path}:${line}: ${name}`);
  }
}

if (unused.length > 0) {
  process.stderr.write(`unused exports (referenced nowhere in src/, tests/, bench/ or scripts/): ${unused.length}\n`);
  for (const entry of unused) process.stderr.write(`  ${entry}\n`);
  process.stderr.write("delete each (or, for an entry point used from outside, list it in ENTRY_POINTS)\n");
  process.exit(1);
}
process.stdout.write("unused exports: none\n");
