/**
 * The clinical LLM selector's page logic: the questions, the filter and ranking over the embedded
 * catalog, the nearest relaxation when nothing matches, and the small DOM layer that asks the
 * questions one at a time.
 *
 * This module is inlined into processed/selector/index.html as it comes out of `tsc`
 * (dist/selector/client.js, see page.ts), so it must stay one file with no imports and no
 * Node-only code. Its pure functions are also imported by the Node-side tests, which is why the DOM
 * is reached through `globalThis.document` and typed by the few local interfaces below instead of
 * the DOM lib (adding "dom" to tsconfig would leak browser globals into every Node module).
 *
 * The questions follow the published guideline (williamlhy/Clinical-LLM-select; Li, Fu, Python,
 * JMIR 2025, Methods): the stage of the clinical workflow, whether the input is only text, whether
 * the output is only text, whether the data may be shared with third parties, which clinical tasks,
 * and whether the model is to run locally. Like the published tree, a model is listed only when
 * studies used it for every task chosen, and access-restricted models are left out ("to recommend
 * LLMs that can be obtained and used by all") unless the reader asks to see them.
 */

export const SELECTOR_SCHEMA_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// The embedded data
// ---------------------------------------------------------------------------------------------

/** One category column of the catalog: where in the workflow, what task, which modalities. */
export interface Column {
  stage: string;
  task: string;
  subtask: string;
  mandatoryInput: string;
  optionalInput: string;
  output: string;
}

export type Phase = "pretraining" | "fine-tuning" | "inference";

/** GPU resources one phase was reported to use (detail.csv); totals are for all GPUs together. */
export interface PhaseUse {
  phase: Phase;
  gpuCount: number | null;
  gpu: string;
  memoryGb: number | null;
  tdpW: number | null;
  priceUsd: number | null;
}

export interface Model {
  /** The model row in the published wide files (1-based), which identifies a model × size. */
  row: number;
  model: string;
  size: string;
  /** As published: "Open", "API", "Restricted". */
  access: string;
  /** Only phases with at least one reported figure, in pretraining, fine-tuning, inference order. */
  phases: PhaseUse[];
}

export interface Study {
  id: string;
  doi: string;
  title: string;
}

/** [model index, column index, appear, best]: one non-zero cell of catalog.csv. */
export type CountCell = [number, number, number, number];
/** [model index, column index, study index, 1 when the study reported the model best]. */
export type EvidenceCell = [number, number, number, 0 | 1];

export interface SelectorData {
  schemaVersion: number;
  columns: Column[];
  models: Model[];
  counts: CountCell[];
  /** null when the catalog has no evidence.csv (the published catalog lists no studies). */
  studies: Study[] | null;
  evidence: EvidenceCell[];
}

// ---------------------------------------------------------------------------------------------
// Answers and conditions
// ---------------------------------------------------------------------------------------------

/** What the reader answered; null (or no tasks) means the condition is not applied. */
export interface Answers {
  stage: string | null;
  inputTextOnly: boolean | null;
  outputTextOnly: boolean | null;
  mayShare: boolean | null;
  tasks: readonly string[];
  /** "all": the model was used for every chosen task (the guideline's rule); "any": for one of them. */
  taskMatch: "all" | "any";
  deploy: "local" | "cloud" | null;
  includeRestricted: boolean;
}

export const NO_ANSWERS: Answers = {
  stage: null,
  inputTextOnly: null,
  outputTextOnly: null,
  mayShare: null,
  tasks: [],
  taskMatch: "all",
  deploy: null,
  includeRestricted: false,
};

export type AccessKind = "open" | "api" | "restricted";

/**
 * Open: weights anyone can download. API: reachable only through the provider's service, so the
 * data leave the hospital and the model cannot run locally. Anything else (Restricted, or an access
 * nobody recorded) cannot be obtained by all and is treated as restricted.
 */
export function accessKind(access: string): AccessKind {
  const a = access.trim().toLowerCase();
  if (a === "open") return "open";
  if (a === "api") return "api";
  return "restricted";
}

function modalities(cell: string): string[] {
  return cell
    .split("+")
    .map((m) => m.trim().toLowerCase())
    .filter((m) => m !== "");
}

/** The column's model needs nothing but text (an optional non-text input may be left out). */
export function inputIsTextOnly(column: Column): boolean {
  const mandatory = modalities(column.mandatoryInput);
  return mandatory.length > 0 && mandatory.every((m) => m === "text");
}

/** The column's model reads something other than text, as mandatory or optional input. */
export function inputTakesNonText(column: Column): boolean {
  return [...modalities(column.mandatoryInput), ...modalities(column.optionalInput)].some((m) => m !== "text");
}

export function outputIsTextOnly(column: Column): boolean {
  const out = modalities(column.output);
  return out.length > 0 && out.every((m) => m === "text");
}

/** Stage, input and output conditions (not the task, not access). */
export function columnFits(column: Column, answers: Answers): boolean {
  if (answers.stage !== null && column.stage !== answers.stage) return false;
  if (answers.inputTextOnly === true && !inputIsTextOnly(column)) return false;
  if (answers.inputTextOnly === false && !inputTakesNonText(column)) return false;
  if (answers.outputTextOnly === true && !outputIsTextOnly(column)) return false;
  if (answers.outputTextOnly === false && outputIsTextOnly(column)) return false;
  return true;
}

/** Access conditions: restricted models only on request; API models only if data may be shared and the model need not run locally. */
export function modelAllowed(model: Model, answers: Answers): boolean {
  const kind = accessKind(model.access);
  if (kind === "restricted") return answers.includeRestricted;
  if (kind === "api") return answers.mayShare !== false && answers.deploy !== "local";
  return true;
}

export interface StageOption {
  stage: string;
  tasks: number;
  models: number;
}

function distinctInOrder(values: readonly string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) === index);
}

/** The stages the catalog covers, in catalog order, with how many tasks and model rows each has. */
export function stageOptions(data: SelectorData): StageOption[] {
  return distinctInOrder(data.columns.map((c) => c.stage)).map((stage) => {
    const columns = new Set(data.columns.flatMap((c, i) => (c.stage === stage ? [i] : [])));
    const models = new Set(data.counts.filter((cell) => columns.has(cell[1])).map((cell) => cell[0]));
    return {
      stage,
      tasks: distinctInOrder(data.columns.filter((c) => c.stage === stage).map((c) => c.task)).length,
      models: models.size,
    };
  });
}

export interface TaskOption {
  task: string;
  subtasks: string[];
}

/** The tasks worth asking about: those with a column at the chosen stage that fits the input and output answers. */
export function taskOptions(data: SelectorData, answers: Answers): TaskOption[] {
  const fitting = data.columns.filter((c) => columnFits(c, answers));
  return distinctInOrder(fitting.map((c) => c.task)).map((task) => ({
    task,
    subtasks: distinctInOrder(fitting.filter((c) => c.task === task).map((c) => c.subtask.trim())),
  }));
}

// ---------------------------------------------------------------------------------------------
// Matching and ranking
// ---------------------------------------------------------------------------------------------

export interface TaskTally {
  task: string;
  appear: number;
  best: number;
}

export interface Match {
  /** Index into data.models. */
  model: number;
  /** Sums over the matching columns of catalog.csv: uses and best-performing reports. */
  appear: number;
  best: number;
  /** The same sums per task, in the order the tasks were chosen (or catalog order when none was). */
  byTask: TaskTally[];
  /** Indexes into data.columns of the cells counted. */
  columns: number[];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The models that satisfy every answer, ranked by how often studies reported them best, then by
 * how often they were used, then by name, size and row (so the order never depends on the browser).
 */
export function matchModels(data: SelectorData, answers: Answers): Match[] {
  const chosen = new Set(answers.tasks);
  const columnOk = data.columns.map((c) => columnFits(c, answers) && (chosen.size === 0 || chosen.has(c.task)));
  const byModel = new Map<number, Match>();
  for (const [model, column, appear, best] of data.counts) {
    const c = data.columns[column];
    if (c === undefined || !columnOk[column] || appear + best === 0) continue;
    let match = byModel.get(model);
    if (match === undefined) {
      match = { model, appear: 0, best: 0, byTask: [], columns: [] };
      byModel.set(model, match);
    }
    match.appear += appear;
    match.best += best;
    match.columns.push(column);
    let tally = match.byTask.find((t) => t.task === c.task);
    if (tally === undefined) {
      tally = { task: c.task, appear: 0, best: 0 };
      match.byTask.push(tally);
    }
    tally.appear += appear;
    tally.best += best;
  }
  const taskOrder = chosen.size > 0 ? [...answers.tasks] : distinctInOrder(data.columns.map((c) => c.task));
  const out: Match[] = [];
  for (const match of byModel.values()) {
    const model = data.models[match.model];
    if (model === undefined || !modelAllowed(model, answers)) continue;
    if (answers.taskMatch === "all" && !answers.tasks.every((task) => match.byTask.some((t) => t.task === task)))
      continue;
    match.byTask.sort((a, b) => taskOrder.indexOf(a.task) - taskOrder.indexOf(b.task));
    match.columns.sort((a, b) => a - b);
    out.push(match);
  }
  return out.sort((a, b) => {
    const ma = data.models[a.model];
    const mb = data.models[b.model];
    return (
      b.best - a.best ||
      b.appear - a.appear ||
      compareText(ma?.model ?? "", mb?.model ?? "") ||
      compareText(ma?.size ?? "", mb?.size ?? "") ||
      (ma?.row ?? 0) - (mb?.row ?? 0)
    );
  });
}

/** Models that fit every answer but are left out because they are access-restricted. */
export function hiddenRestricted(data: SelectorData, answers: Answers): number {
  if (answers.includeRestricted) return 0;
  const all = matchModels(data, { ...answers, includeRestricted: true });
  return all.filter((m) => accessKind(data.models[m.model]?.access ?? "") === "restricted").length;
}

// ---------------------------------------------------------------------------------------------
// Nearest relaxation
// ---------------------------------------------------------------------------------------------

export type RelaxationId = "any-chosen-task" | "any-task" | "output" | "input" | "deploy" | "sharing" | "restricted";

export interface Relaxation {
  id: RelaxationId;
  /** What is given up, said to the reader. */
  label: string;
  answers: Answers;
  matches: Match[];
}

/**
 * When no model fits, one condition at a time is dropped, in this order (the least the reader gives
 * up first): the chosen tasks are needed one at a time rather than all together; any task of the
 * stage; any output; any input; running in the cloud instead of locally; sharing the data (which
 * admits API models); access-restricted models. The stage is never changed. Conditions the reader
 * did not set are skipped.
 */
export const RELAXATION_ORDER: readonly RelaxationId[] = [
  "any-chosen-task",
  "any-task",
  "output",
  "input",
  "deploy",
  "sharing",
  "restricted",
];

function relaxed(id: RelaxationId, a: Answers): { label: string; answers: Answers } | null {
  switch (id) {
    case "any-chosen-task":
      return a.tasks.length > 1 && a.taskMatch === "all"
        ? { label: "any one of the chosen tasks instead of all of them", answers: { ...a, taskMatch: "any" } }
        : null;
    case "any-task":
      return a.tasks.length > 0
        ? { label: "any clinical task of this stage", answers: { ...a, tasks: [], taskMatch: "all" } }
        : null;
    case "output":
      return a.outputTextOnly !== null
        ? {
            label: a.outputTextOnly ? "outputs that are not only text" : "text-only outputs too",
            answers: { ...a, outputTextOnly: null },
          }
        : null;
    case "input":
      return a.inputTextOnly !== null
        ? {
            label: a.inputTextOnly ? "inputs that are not only text" : "text-only inputs too",
            answers: { ...a, inputTextOnly: null },
          }
        : null;
    case "deploy":
      return a.deploy === "local"
        ? { label: "running the model in the cloud instead of locally", answers: { ...a, deploy: "cloud" } }
        : null;
    case "sharing":
      return a.mayShare === false
        ? { label: "sharing the data with a third party (admits API models)", answers: { ...a, mayShare: true } }
        : null;
    case "restricted":
      return !a.includeRestricted
        ? {
            label: "access-restricted models, which cannot be obtained by all",
            answers: { ...a, includeRestricted: true },
          }
        : null;
  }
}

/** Every single-condition relaxation, in RELAXATION_ORDER, that yields at least one model. */
export function relaxations(data: SelectorData, answers: Answers): Relaxation[] {
  return RELAXATION_ORDER.flatMap((id) => {
    const r = relaxed(id, answers);
    if (r === null) return [];
    const matches = matchModels(data, r.answers);
    return matches.length > 0 ? [{ id, label: r.label, answers: r.answers, matches }] : [];
  });
}

export function nearestRelaxation(data: SelectorData, answers: Answers): Relaxation | null {
  return relaxations(data, answers)[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Studies behind the counts
// ---------------------------------------------------------------------------------------------

export interface StudyRef {
  study: Study;
  best: boolean;
}

/** The studies (from evidence.csv) behind a match's counts, each once, best-reporting ones first. */
export function studiesBehind(data: SelectorData, match: Match): StudyRef[] | null {
  if (data.studies === null) return null;
  const columns = new Set(match.columns);
  const seen = new Map<number, boolean>();
  for (const [model, column, study, best] of data.evidence) {
    if (model !== match.model || !columns.has(column)) continue;
    seen.set(study, (seen.get(study) ?? false) || best === 1);
  }
  const refs: StudyRef[] = [];
  for (const [index, best] of seen) {
    const study = data.studies[index];
    if (study !== undefined) refs.push({ study, best });
  }
  return refs.sort((a, b) => Number(b.best) - Number(a.best) || compareText(a.study.id, b.study.id));
}

// ---------------------------------------------------------------------------------------------
// Wording
// ---------------------------------------------------------------------------------------------

/** The stage names of the paper's five-stage clinical workflow (Figure 2). */
export const STAGE_NAMES: { [stage: string]: string } = {
  "1": "Registration and department guidance",
  "2": "Pre-diagnosis and examination",
  "3": "Diagnosis and treatment planning",
  "4": "Treatment and hospitalization",
  "5": "Discharge and follow-up",
};

export function stageLabel(stage: string): string {
  const name = STAGE_NAMES[stage.trim()];
  return name === undefined ? `Stage ${stage}` : `Stage ${stage}: ${name}`;
}

/** 1234567.5 → "1,234,567.5", the same in every browser (toLocaleString is not). */
export function formatNumber(value: number): string {
  const [whole = "", fraction] = String(Math.abs(value)).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${value < 0 ? "-" : ""}${grouped}${fraction === undefined ? "" : `.${fraction}`}`;
}

const PHASE_NAMES: { [phase in Phase]: string } = {
  pretraining: "Pretraining",
  "fine-tuning": "Fine-tuning",
  inference: "Inference",
};

/** "Fine-tuning: 2 × NVIDIA TESLA A100-40GB, 80 GB GPU memory, 500 W, $13,998". */
export function describePhase(p: PhaseUse): string {
  const parts: string[] = [];
  const gpu = p.gpu.trim() === "" ? "GPU model not reported" : p.gpu.trim();
  parts.push(p.gpuCount === null ? gpu : `${formatNumber(p.gpuCount)} × ${gpu}`);
  if (p.memoryGb !== null) parts.push(`${formatNumber(p.memoryGb)} GB GPU memory`);
  if (p.tdpW !== null) parts.push(`${formatNumber(p.tdpW)} W`);
  if (p.priceUsd !== null) parts.push(`$${formatNumber(p.priceUsd)}`);
  return `${PHASE_NAMES[p.phase]}: ${parts.join(", ")}`;
}

const ACCESS_NOTES: { [kind in AccessKind]: string } = {
  open: "open (weights can be downloaded and run locally)",
  api: "API (used through the provider's service; data leave your site)",
  restricted: "restricted (not available to everyone)",
};

export function describeAccess(access: string): string {
  const kind = accessKind(access);
  return access.trim() === "" ? `not recorded, treated as ${ACCESS_NOTES.restricted}` : ACCESS_NOTES[kind];
}

export function modelName(model: Model): string {
  return model.size.trim() === "" ? model.model : `${model.model} (${model.size})`;
}

/** The DOI as a resolver link, or null when the study has none. */
export function doiUrl(doi: string): string | null {
  const bare = doi.trim().replace(/^(https?:\/\/(dx\.)?doi\.org\/|doi:)/i, "");
  return bare === "" ? null : `https://doi.org/${bare}`;
}

// ---------------------------------------------------------------------------------------------
// The questions
// ---------------------------------------------------------------------------------------------

export type StepId = "stage" | "input" | "output" | "sharing" | "tasks" | "deploy";
export const STEPS: readonly StepId[] = ["stage", "input", "output", "sharing", "tasks", "deploy"];

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

export interface Question {
  step: StepId;
  legend: string;
  hint: string;
  kind: "radio" | "checkbox";
  choices: Choice[];
  /** The current answer as choice values. */
  selected: string[];
}

const YES_NO = (yes: string, no: string): Choice[] => [
  { value: "yes", label: `Yes, ${yes}` },
  { value: "no", label: `No, ${no}` },
];

function yesNo(value: boolean | null): string[] {
  return value === null ? [] : [value ? "yes" : "no"];
}

export function questionFor(step: StepId, data: SelectorData, a: Answers): Question {
  switch (step) {
    case "stage":
      return {
        step,
        kind: "radio",
        selected: a.stage === null ? [] : [a.stage],
        legend: "At which stage of the clinical workflow will the model be used?",
        hint: "The five stages follow a patient's path through hospital, from registration to discharge.",
        choices: stageOptions(data).map((s) => ({
          value: s.stage,
          label: stageLabel(s.stage),
          hint: `${s.tasks} ${s.tasks === 1 ? "task" : "tasks"}, ${s.models} ${s.models === 1 ? "model" : "models"} in the catalog`,
        })),
      };
    case "input":
      return {
        step,
        kind: "radio",
        selected: yesNo(a.inputTextOnly),
        legend: "Is your input only text?",
        hint: "Answer no if the model must read images, ECG, audio, time series or video.",
        choices: YES_NO("only text", "it includes other data"),
      };
    case "output":
      return {
        step,
        kind: "radio",
        selected: yesNo(a.outputTextOnly),
        legend: "Should the output be only text?",
        hint: "Answer no if the model must produce images (such as segmentation masks) or audio.",
        choices: YES_NO("only text", "it includes other data"),
      };
    case "sharing":
      return {
        step,
        kind: "radio",
        selected: yesNo(a.mayShare),
        legend: "May your data be shared with third parties, published or made generally available?",
        hint: "No rules out models used through a provider's API, because the data would be sent to the provider.",
        choices: YES_NO("the data may be shared", "the data must stay with us"),
      };
    case "tasks":
      return {
        step,
        kind: "checkbox",
        selected: [...a.tasks],
        legend: "Which clinical tasks must the model perform?",
        hint: "Choose one or more. A model is listed when studies used it for every task you choose.",
        choices: taskOptions(data, a).map((t) => ({ value: t.task, label: t.task, hint: t.subtasks.join("; ") })),
      };
    case "deploy":
      return {
        step,
        kind: "radio",
        selected: a.deploy === null ? [] : [a.deploy],
        legend: "Do you want to run the model locally rather than in the cloud?",
        hint: "Locally rules out models that are only reachable through a provider's API.",
        choices: [
          { value: "local", label: "Yes, on our own hardware" },
          { value: "cloud", label: "No, in the cloud or through a provider's service" },
        ],
      };
  }
}

/** The answers with one step's choice values applied. */
export function answerStep(step: StepId, a: Answers, values: readonly string[]): Answers {
  const first = values[0];
  const bool = first === undefined ? null : first === "yes";
  switch (step) {
    case "stage":
      // A new stage has other tasks: the task answer no longer applies.
      return first === a.stage ? a : { ...a, stage: first ?? null, tasks: [] };
    case "input":
      return bool === a.inputTextOnly ? a : { ...a, inputTextOnly: bool, tasks: [] };
    case "output":
      return bool === a.outputTextOnly ? a : { ...a, outputTextOnly: bool, tasks: [] };
    case "sharing":
      return { ...a, mayShare: bool };
    case "tasks":
      return { ...a, tasks: [...values], taskMatch: "all" };
    case "deploy":
      return { ...a, deploy: first === "local" || first === "cloud" ? first : null };
  }
}

/** What the reader must fix before going on, or null. */
export function stepProblem(question: Question): string | null {
  if (question.choices.length === 0) return null;
  if (question.selected.length > 0) return null;
  return question.kind === "checkbox" ? "Choose at least one clinical task." : "Choose one answer.";
}

/** One line per answer for the results' summary. */
export function describeAnswers(a: Answers): { question: string; answer: string; step: StepId }[] {
  const yn = (v: boolean | null, yes: string, no: string): string => (v === null ? "any" : v ? yes : no);
  return [
    { step: "stage", question: "Stage", answer: a.stage === null ? "any" : stageLabel(a.stage) },
    { step: "input", question: "Input", answer: yn(a.inputTextOnly, "only text", "includes other data") },
    { step: "output", question: "Output", answer: yn(a.outputTextOnly, "only text", "includes other data") },
    { step: "sharing", question: "Data may be shared", answer: yn(a.mayShare, "yes", "no") },
    {
      step: "tasks",
      question: "Tasks",
      answer:
        a.tasks.length === 0
          ? "any"
          : `${a.tasks.join(", ")}${a.tasks.length > 1 ? (a.taskMatch === "all" ? " (all of them)" : " (any of them)") : ""}`,
    },
    {
      step: "deploy",
      question: "Run locally",
      answer: a.deploy === null ? "either" : a.deploy === "local" ? "yes" : "no, in the cloud",
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// The DOM layer (browser only)
// ---------------------------------------------------------------------------------------------

interface DomElement {
  textContent: string | null;
  checked: boolean;
  value: string;
  hidden: boolean;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  append(...nodes: (DomElement | string)[]): void;
  replaceChildren(...nodes: (DomElement | string)[]): void;
  addEventListener(type: string, listener: (event: { preventDefault(): void }) => void): void;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  focus(): void;
}

interface DomDocument {
  createElement(tag: string): DomElement;
  getElementById(id: string): DomElement | null;
}

type Child = DomElement | string | null;

function h(
  doc: DomDocument,
  tag: string,
  attributes: { [name: string]: string | boolean },
  ...children: Child[]
): DomElement {
  const element = doc.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(name, "");
    else if (value !== false) element.setAttribute(name, value);
  }
  element.append(...children.filter((c): c is DomElement | string => c !== null));
  return element;
}

interface View {
  step: number;
  answers: Answers;
}

/** Shows a view and moves the focus to the element with `focusId` (the view's heading by default). */
type Go = (next: View, focusId?: string) => void;

function renderQuestion(doc: DomDocument, data: SelectorData, view: View, go: Go): DomElement {
  const step = STEPS[view.step] ?? "stage";
  const question = questionFor(step, data, view.answers);
  const name = `q-${step}`;
  const hintId = `${name}-hint`;
  const errorId = `${name}-error`;
  const error = h(doc, "p", { id: errorId, class: "error", role: "alert" });
  error.hidden = true;
  const options = question.choices.map((choice, index) => {
    const id = `${name}-${index}`;
    const choiceHintId = `${id}-hint`;
    const input = h(doc, "input", {
      type: question.kind,
      id,
      name,
      value: choice.value,
      checked: question.selected.includes(choice.value),
      ...(choice.hint ? { "aria-describedby": choiceHintId } : {}),
    });
    return h(
      doc,
      "div",
      { class: "choice" },
      input,
      h(doc, "label", { for: id }, choice.label),
      choice.hint ? h(doc, "span", { id: choiceHintId, class: "choice-hint" }, choice.hint) : null,
    );
  });
  const empty =
    question.choices.length === 0
      ? h(
          doc,
          "p",
          { class: "empty" },
          "No clinical task of this stage in the catalog takes this input and gives this output. Go on to see the nearest models, or go back and change an answer.",
        )
      : null;
  const fieldset = h(
    doc,
    "fieldset",
    { "aria-describedby": `${hintId} ${errorId}` },
    h(doc, "legend", {}, question.legend),
    h(doc, "p", { id: hintId, class: "hint" }, question.hint),
    ...options,
    empty,
    error,
  );
  const back = h(doc, "button", { type: "button", class: "secondary" }, "Back");
  back.hidden = view.step === 0;
  back.addEventListener("click", () => go({ ...view, step: view.step - 1 }));
  const next = h(doc, "button", { type: "submit" }, view.step === STEPS.length - 1 ? "Show models" : "Next");
  const form = h(
    doc,
    "form",
    { novalidate: true },
    h(doc, "h2", { id: "step-heading", tabindex: "-1" }, `Question ${view.step + 1} of ${STEPS.length}`),
    fieldset,
    h(doc, "div", { class: "actions" }, back, next),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const inputs = Array.from(form.querySelectorAll(`input[name="${name}"]`));
    const values = inputs.filter((i) => i.checked).map((i) => i.value);
    const answers = answerStep(step, view.answers, values);
    const problem = stepProblem(questionFor(step, data, answers));
    if (problem !== null) {
      error.textContent = problem;
      error.hidden = false;
      inputs[0]?.focus();
      return;
    }
    go({ step: view.step + 1, answers });
  });
  return form;
}

function renderModel(doc: DomDocument, data: SelectorData, match: Match): DomElement {
  const model = data.models[match.model];
  if (model === undefined) return h(doc, "li", {});
  const studies = studiesBehind(data, match);
  // Per task only when there is more than one: with one task it would repeat the totals.
  const tasks =
    match.byTask.length > 1
      ? ` (${match.byTask.map((t) => `${t.task}: used ${t.appear}×, best ${t.best}×`).join("; ")})`
      : "";
  const resources =
    model.phases.length === 0
      ? h(
          doc,
          "p",
          { class: "meta" },
          accessKind(model.access) === "api"
            ? "GPU resources: none to provide, the provider runs the model."
            : "GPU resources: none reported.",
        )
      : h(
          doc,
          "div",
          {},
          h(doc, "p", { class: "meta" }, "GPU resources reported (totals for all GPUs of a phase):"),
          h(doc, "ul", { class: "resources" }, ...model.phases.map((p) => h(doc, "li", {}, describePhase(p)))),
        );
  // Without evidence.csv the page says once, in its introduction, that no studies are listed.
  let evidence: DomElement | null = null;
  if (studies !== null) {
    evidence = h(
      doc,
      "details",
      { class: "studies" },
      h(
        doc,
        "summary",
        {},
        studies.length === 0
          ? "No studies listed behind these counts"
          : `Studies behind these counts (${studies.length})`,
      ),
      h(
        doc,
        "ul",
        {},
        ...studies.map((ref) => {
          const url = doiUrl(ref.study.doi);
          const title = ref.study.title.trim() === "" ? ref.study.id : ref.study.title;
          return h(
            doc,
            "li",
            {},
            url === null ? title : h(doc, "a", { href: url }, title),
            url === null ? "" : ` (doi:${ref.study.doi.trim()})`,
            ref.best ? " — reported it best" : "",
          );
        }),
      ),
    );
  }
  return h(
    doc,
    "li",
    { class: "model" },
    h(
      doc,
      "h3",
      {},
      modelName(model),
      match.best > 0 ? h(doc, "span", { class: "best" }, ` ★ best ${match.best}×`) : null,
    ),
    h(doc, "p", { class: "counts" }, `Reported best ${match.best}× · used ${match.appear}×${tasks}`),
    h(
      doc,
      "p",
      { class: "meta" },
      `Size: ${model.size.trim() === "" ? "not reported" : model.size} · Access: ${describeAccess(model.access)}`,
    ),
    resources,
    evidence,
  );
}

function renderList(doc: DomDocument, data: SelectorData, matches: readonly Match[]): DomElement {
  return h(doc, "ol", { class: "models", id: "model-list" }, ...matches.map((m) => renderModel(doc, data, m)));
}

function renderResults(doc: DomDocument, data: SelectorData, view: View, go: Go): DomElement {
  const { answers } = view;
  const matches = matchModels(data, answers);
  const hidden = hiddenRestricted(data, answers);
  const section = h(doc, "section", { "aria-labelledby": "step-heading" });
  const heading = h(
    doc,
    "h2",
    { id: "step-heading", tabindex: "-1" },
    matches.length === 0
      ? "No model matches"
      : `${matches.length} ${matches.length === 1 ? "model matches" : "models match"}`,
  );
  const summary = h(
    doc,
    "dl",
    { class: "answers" },
    ...describeAnswers(answers).flatMap((line) => [h(doc, "dt", {}, line.question), h(doc, "dd", {}, line.answer)]),
  );
  section.append(heading, summary);
  if (answers.deploy === "cloud") {
    section.append(
      h(
        doc,
        "p",
        { class: "note" },
        "The catalog records GPU purchase prices, not cloud rental prices; the GPU memory shown is what cloud offers are sized by.",
      ),
    );
  }
  const restrictedId = "include-restricted";
  const toggle = h(doc, "input", { type: "checkbox", id: restrictedId, checked: answers.includeRestricted });
  toggle.addEventListener("change", () =>
    go({ ...view, answers: { ...answers, includeRestricted: toggle.checked } }, restrictedId),
  );
  section.append(
    h(
      doc,
      "p",
      { class: "toggle" },
      toggle,
      h(
        doc,
        "label",
        { for: restrictedId },
        `Also list access-restricted models${hidden > 0 ? ` (${hidden} more fit your answers)` : ""}`,
      ),
    ),
  );
  if (matches.length > 0) {
    section.append(
      h(
        doc,
        "p",
        { class: "note" },
        "Ranked by how often studies reported the model best-performing, then by how often they used it, for the tasks and modalities you chose.",
      ),
    );
    section.append(renderList(doc, data, matches));
  } else {
    const options = relaxations(data, answers);
    const nearest = options[0];
    if (nearest === undefined) {
      section.append(
        h(
          doc,
          "p",
          { id: "relaxation" },
          "No model matches even when one condition is dropped. Go back and change your answers.",
        ),
      );
    } else {
      section.append(
        h(
          doc,
          "p",
          { id: "relaxation" },
          `Nearest relaxation: allow ${nearest.label} — ${nearest.matches.length} ${nearest.matches.length === 1 ? "model" : "models"}.`,
        ),
        h(
          doc,
          "ul",
          { class: "relaxations" },
          ...options.map((r) =>
            h(doc, "li", {}, `Allow ${r.label}: ${r.matches.length} ${r.matches.length === 1 ? "model" : "models"}`),
          ),
        ),
        h(doc, "h3", {}, `Models that fit when you allow ${nearest.label}`),
        renderList(doc, data, nearest.matches),
      );
    }
  }
  const back = h(doc, "button", { type: "button", class: "secondary" }, "Back");
  back.addEventListener("click", () => go({ ...view, step: STEPS.length - 1 }));
  const restart = h(doc, "button", { type: "button", class: "secondary" }, "Start over");
  restart.addEventListener("click", () => go({ step: 0, answers: NO_ANSWERS }));
  section.append(h(doc, "div", { class: "actions" }, back, restart));
  return section;
}

/** Wires the page: reads the embedded catalog and shows the first question. */
export function startSelector(doc: DomDocument): void {
  const root = doc.getElementById("selector");
  const source = doc.getElementById("selector-data");
  if (root === null || source === null) return;
  const data = JSON.parse(source.textContent ?? "null") as SelectorData;
  const status = doc.getElementById("selector-status");
  const show = (view: View, focusId: string | null): void => {
    const done = view.step >= STEPS.length;
    root.replaceChildren(done ? renderResults(doc, data, view, go) : renderQuestion(doc, data, view, go));
    if (status !== null) status.textContent = done ? "Results" : `Question ${view.step + 1} of ${STEPS.length}`;
    if (focusId !== null) doc.getElementById(focusId)?.focus();
  };
  const go: Go = (view, focusId = "step-heading") => show(view, focusId);
  // On load the focus stays where the browser put it; after each answer it moves to the new heading.
  show({ step: 0, answers: NO_ANSWERS }, null);
}

const browserDocument = (globalThis as { document?: DomDocument }).document;
if (browserDocument !== undefined) startSelector(browserDocument);
