/**
 * Where the screening app retrains its relevance order: in a worker thread, so a request that
 * arrives during a retrain (0.42 s at 50,000 records) is answered at once, or, when no compiled
 * worker entry exists (vitest runs the TypeScript sources and `npm run build` has not run), on
 * the server's own thread as before. Both give the same order for the same decisions: the same
 * ranker runs on the same items and labels.
 *
 * The worker entry is the compiled dist/screening/app/retrain-worker.js: beside this module when
 * it runs from dist/, or found from src/ through the package's dist/ folder.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { SrpipeError } from "../../errors.js";
import { relevanceRanker, type RelevanceRanker, type ScoredItem, type ScreeningItem } from "../prioritise.js";

export interface RetrainRequest {
  id: number;
  /** The records to rank, when they changed since the last request (features are built from them); null: the same. */
  items: readonly ScreeningItem[] | null;
  seed: number;
  labels: readonly (readonly [string, 0 | 1])[];
  /** Tests only: the worker waits while element 0 of this shared buffer is 0. */
  hold?: SharedArrayBuffer;
}

export type RetrainReply = { id: number; order: ScoredItem[]; ms: number } | { id: number; error: string };

export interface Retrained {
  order: ScoredItem[];
  /** Time the model took to fit and score, without building features. */
  ms: number;
}

export interface Retrainer {
  readonly where: "worker" | "main thread";
  retrain(request: Omit<RetrainRequest, "id">): Promise<Retrained>;
  close(): Promise<void>;
}

/** A retrain that could not run: the app keeps serving the order it had and says so. */
export class RetrainError extends SrpipeError {
  constructor(message: string) {
    super("internal", `relevance order not refreshed: ${message}`);
  }
}

/** The compiled worker entry, or null when there is none to start (sources run without a build). */
export function retrainWorkerEntry(): string | null {
  const candidates = [
    new URL("./retrain-worker.js", import.meta.url),
    // src/screening/app/ → the package root → dist/screening/app/.
    new URL("../../../dist/screening/app/retrain-worker.js", import.meta.url),
  ];
  for (const url of candidates) {
    const path = fileURLToPath(url);
    if (existsSync(path)) return path;
  }
  return null;
}

class MainThreadRetrainer implements Retrainer {
  readonly where = "main thread";
  private ranker: RelevanceRanker | null = null;

  async retrain(request: Omit<RetrainRequest, "id">): Promise<Retrained> {
    if (request.items) this.ranker = relevanceRanker(request.items, { seed: request.seed });
    if (!this.ranker) throw new RetrainError("no records given to the retrainer yet");
    const started = performance.now();
    const order = this.ranker.scored(new Map(request.labels));
    return { order, ms: performance.now() - started };
  }

  async close(): Promise<void> {}
}

class WorkerRetrainer implements Retrainer {
  readonly where = "worker";
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (r: Retrained) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  constructor(entry: string) {
    this.worker = new Worker(entry);
    // The app's server keeps the process alive; a worker left open must not.
    this.worker.unref();
    this.worker.on("message", (reply: RetrainReply) => {
      const waiter = this.waiting.get(reply.id);
      if (!waiter) return;
      this.waiting.delete(reply.id);
      if ("error" in reply) waiter.reject(new RetrainError(reply.error));
      else waiter.resolve({ order: reply.order, ms: reply.ms });
    });
    const failAll = (error: RetrainError) => {
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    this.worker.on("error", (error) => failAll(new RetrainError(error.message)));
    this.worker.on("exit", (code) => failAll(new RetrainError(`the retrain worker stopped (exit code ${code})`)));
  }

  retrain(request: Omit<RetrainRequest, "id">): Promise<Retrained> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id } satisfies RetrainRequest);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * A worker when `where` allows one and its compiled entry exists, else the main thread.
 * "worker" insists (an error when there is no entry), "main thread" never starts one.
 */
export function openRetrainer(where: "auto" | "worker" | "main thread" = "auto"): Retrainer {
  if (where === "main thread") return new MainThreadRetrainer();
  const entry = retrainWorkerEntry();
  if (entry === null) {
    if (where === "worker")
      throw new RetrainError(
        "retrain worker: expected dist/screening/app/retrain-worker.js, got none (run `npm run build`)",
      );
    return new MainThreadRetrainer();
  }
  return new WorkerRetrainer(entry);
}
