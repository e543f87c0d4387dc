/**
 * Progress of long work, for the logger (src/log.ts): "importing: 1,240/5,873 records, 310/s,
 * ETA 15 s". Nothing is shown for work that ends within SHOW_AFTER_MS, so quick stages and tests
 * print what they always printed. On a terminal the line is redrawn in place, at most every
 * REDRAW_MS; off a terminal (a file, a pipe, CI) a log must not fill with redraws, so the work
 * gets one line when it ends. Progress started inside other progress (a stage's own, inside the
 * runner's per-stage line) takes the line over until it ends; the outer one then prints no end
 * line of its own when the inner one printed one.
 */
export const SHOW_AFTER_MS = 2000;
const REDRAW_MS = 200;

/** Where progress is drawn; shared with the logger, which clears a live line before its own. */
export interface ProgressScreen {
  write(text: string): void;
  terminal: boolean;
  now(): number;
  /** A progress line is on screen without its newline. */
  live: boolean;
  /** Progress reporters not yet ended, innermost last: only the innermost draws. */
  open?: object[];
  /** End lines printed so far (off a terminal). */
  printed?: number;
}

export interface Progress {
  /** `done` items so far; `total` when it has become known or changed. */
  update(done: number, total?: number | null): void;
  /** The work is over: clears the live line, or, off a terminal, prints the one line. */
  end(): void;
}

export const NO_PROGRESS: Progress = { update() {}, end() {} };

export function createProgress(
  screen: ProgressScreen,
  quiet: boolean,
  label: string,
  unit: string,
  total: number | null,
): Progress {
  if (quiet) return NO_PROGRESS;
  const self = {};
  const open = (screen.open ??= []);
  open.push(self);
  const printedBefore = screen.printed ?? 0;
  const started = screen.now();
  let done = 0;
  let expected = total;
  let drawnAt = -Infinity;
  let ended = false;
  const draw = () => {
    const now = screen.now();
    if (open[open.length - 1] !== self || now - started < SHOW_AFTER_MS || now - drawnAt < REDRAW_MS) return;
    drawnAt = now;
    screen.write(`\r\u001b[K${progressLine(label, unit, done, expected, now - started)}`);
    screen.live = true;
  };
  // Work that does not report for a while (one large file) still shows that it is alive.
  const heartbeat = screen.terminal ? setInterval(draw, 1000) : null;
  heartbeat?.unref();
  return {
    update(n, newTotal) {
      done = n;
      if (newTotal !== undefined) expected = newTotal;
      if (screen.terminal) draw();
    },
    end() {
      if (ended) return;
      ended = true;
      if (heartbeat) clearInterval(heartbeat);
      open.splice(open.indexOf(self), 1);
      const elapsed = screen.now() - started;
      if (screen.terminal) {
        if (screen.live) screen.write("\r\u001b[K");
        screen.live = false;
      } else if (elapsed >= SHOW_AFTER_MS && (screen.printed ?? 0) === printedBefore) {
        screen.write(`${finishedLine(label, unit, done, elapsed)}\n`);
        screen.printed = printedBefore + 1;
      }
    },
  };
}

const plural = (n: number, unit: string) => (n === 1 ? unit : `${unit}s`);
const number = (n: number) => Math.round(n).toLocaleString("en");
/** Slow work (pages a second, files a second) keeps a decimal so it does not read "0/s". */
const rate = (perSecond: number) => (perSecond < 10 ? perSecond.toFixed(1).replace(/\.0$/, "") : number(perSecond));

/** "12 s", "3 min 05 s". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}

/** "importing: 1,240/5,873 records, 310/s, ETA 15 s" (without a total: "importing: 1,240 records, 310/s"). */
export function progressLine(
  label: string,
  unit: string,
  done: number,
  total: number | null,
  elapsedMs: number,
): string {
  const perSecond = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const counts =
    total === null
      ? `${number(done)} ${plural(done, unit)}`
      : `${number(done)}/${number(total)} ${plural(total, unit)}`;
  if (done === 0)
    return total === null ? `${label}: ${duration(elapsedMs)}` : `${label}: ${counts}, ${duration(elapsedMs)}`;
  const eta =
    total !== null && perSecond > 0 && total > done ? `, ETA ${duration(((total - done) / perSecond) * 1000)}` : "";
  return `${label}: ${counts}, ${rate(perSecond)}/s${eta}`;
}

/** "importing: 5,873 records in 12 s (490/s)". */
export function finishedLine(label: string, unit: string, done: number, elapsedMs: number): string {
  if (done === 0) return `${label}: done in ${duration(elapsedMs)}`;
  return `${label}: ${number(done)} ${plural(done, unit)} in ${duration(elapsedMs)} (${rate((done * 1000) / elapsedMs)}/s)`;
}
