/**
 * The generated page in headless Chromium (Debian's, through tests/browser.ts), opened from disk
 * as a reader would open processed/selector/index.html. The result screenshot is written under the
 * OS temp folder; with UPDATE_DOCS=1 it also replaces docs/selector.png, the README's screenshot.
 */
import { copyFile, mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { launchChromium, type HeadlessBrowser } from "../browser.js";
import { REPO_DIR } from "../helpers.js";
import { NO_ANSWERS, matchModels, modelName, type Answers } from "../../src/selector/client.js";
import { writeSelectorPage } from "../../src/selector/page.js";
import { readSelectorData } from "../../src/selector/selector-data.js";
import { referenceCatalogFolder } from "./reference-catalog.js";

let dir: string;
let url: string;
let chromium: HeadlessBrowser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  dir = await referenceCatalogFolder();
  const out = join(dir, "selector", "index.html");
  await writeSelectorPage(dir, out);
  url = pathToFileURL(out).href;
  chromium = await launchChromium();
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  problems = [];
  page = await chromium.browser.newPage({ viewport: { width: 1000, height: 1100 } });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("request", (request) => {
    if (!request.url().startsWith("file:")) problems.push(`request: ${request.url()}`);
  });
  await page.goto(url);
});

afterEach(async () => {
  await page.close();
});

async function choose(label: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).check();
}

async function next(): Promise<void> {
  await page.getByRole("button", { name: /^(Next|Show models)$/ }).click();
}

async function heading(): Promise<string> {
  return (await page.locator("#step-heading").textContent()) ?? "";
}

describe("the selector page in a browser", () => {
  test("answering stage → input → output → sharing → task → deployment by clicking lists the models the filter gives", async () => {
    await choose("Stage 3: Diagnosis and treatment planning");
    await next();
    await choose("Yes, only text");
    await next();
    await choose("Yes, only text");
    await next();
    await choose("No, the data must stay with us");
    await next();
    await choose("Disease diagnosis");
    await next();
    await choose("Yes, on our own hardware");
    await next();

    const data = await readSelectorData(dir);
    const answers: Answers = {
      ...NO_ANSWERS,
      stage: "3",
      inputTextOnly: true,
      outputTextOnly: true,
      mayShare: false,
      tasks: ["Disease diagnosis"],
      deploy: "local",
    };
    const expected = matchModels(data, answers).map(
      (m) => `${modelName(data.models[m.model]!)}${m.best > 0 ? ` ★ best ${m.best}×` : ""}`,
    );
    expect(await heading()).toBe(`${expected.length} models match`);
    expect(await page.locator("#model-list > li > h3").allTextContents()).toEqual(expected);
    expect(await page.evaluate("document.activeElement && document.activeElement.id")).toBe("step-heading");
    await expect(page.locator("#model-list > li").first().textContent()).resolves.toContain("Access: open");

    const shots = join(tmpdir(), "srpipe-selector");
    await mkdir(shots, { recursive: true });
    await page.screenshot({ path: join(shots, "selector.png") });
    if (process.env.UPDATE_DOCS === "1") {
      await mkdir(join(REPO_DIR, "docs"), { recursive: true });
      await copyFile(join(shots, "selector.png"), join(REPO_DIR, "docs", "selector.png"));
    }
    expect(problems).toEqual([]);
  });

  test("Back returns to the previous question with its answer kept", async () => {
    await choose("Stage 4: Treatment and hospitalization");
    await next();
    expect(await heading()).toBe("Question 2 of 6");
    await page.getByRole("button", { name: "Back" }).click();
    expect(await heading()).toBe("Question 1 of 6");
    expect(await page.getByLabel("Stage 4: Treatment and hospitalization", { exact: true }).isChecked()).toBe(true);
  });

  test("a question can be answered with the keyboard alone, and the focus moves to the next question", async () => {
    await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
    expect(await page.getByLabel("Stage 1: Registration and department guidance", { exact: true }).isChecked()).toBe(
      true,
    );
    await page.keyboard.press("Enter");
    expect(await heading()).toBe("Question 2 of 6");
    expect(await page.evaluate("document.activeElement && document.activeElement.id")).toBe("step-heading");
  });

  test("each question is a fieldset with a legend whose every choice has a label", async () => {
    const unlabelled = "Array.from(document.querySelectorAll('input')).filter((i) => i.labels.length === 0).length";
    await choose("Stage 2: Pre-diagnosis and examination");
    await next();
    await choose("Yes, only text");
    await next();
    await choose("Yes, only text");
    await next();
    await choose("Yes, the data may be shared");
    await next();
    expect(await page.locator("fieldset > legend").textContent()).toBe("Which clinical tasks must the model perform?");
    expect(await page.locator("input[type=checkbox]").count()).toBeGreaterThan(1);
    expect(await page.evaluate(unlabelled)).toBe(0);
  });

  test("going on without an answer says what is missing and stays on the question", async () => {
    await next();
    expect(await page.getByRole("alert").textContent()).toBe("Choose one answer.");
    expect(await heading()).toBe("Question 1 of 6");
  });

  test("a combination no model satisfies says so and shows the nearest relaxation", async () => {
    await choose("Stage 3: Diagnosis and treatment planning");
    await next();
    await choose("Yes, only text");
    await next();
    await choose("No, it includes other data");
    await next();
    await choose("No, the data must stay with us");
    await next();
    await next(); // no task of stage 3 takes only text and gives more than text: nothing to choose
    await choose("Yes, on our own hardware");
    await next();
    expect(await heading()).toBe("No model matches");
    expect(await page.locator("#relaxation").textContent()).toMatch(
      /^Nearest relaxation: allow text-only outputs too — \d+ models\.$/,
    );
    expect(await page.locator("#model-list > li").count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
