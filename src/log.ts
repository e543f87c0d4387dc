/**
 * Progress and logs go to stderr (data and summaries go to stdout or files). Lines start with a
 * verb ("imported …", "skipped …"). `--quiet` keeps warnings and errors only; `--verbose` adds
 * detail. Long work reports progress through `progress()` (src/progress.ts draws it).
 */
import { terminalMessage } from "./io/terminal-text.js";
import { NO_PROGRESS, createProgress, type Progress, type ProgressScreen } from "./progress.js";

export type Verbosity = "quiet" | "normal" | "verbose";

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  detail(message: string): void;
  /**
   * Progress of `total` items (null when unknown) of `unit` ("record"), labelled with what is
   * being done ("importing"). Shown only when the work lasts longer than about 2 s: a line
   * redrawn in place on a terminal, one line at the end otherwise; nothing with --quiet.
   */
  progress?(label: string, unit: string, total: number | null): Progress;
  readonly verbosity: Verbosity;
}

/** `log.progress(…)`, or a reporter that shows nothing for a logger without one (a test's). */
export function startProgress(log: Logger, label: string, unit: string, total: number | null): Progress {
  return log.progress ? log.progress(label, unit, total) : NO_PROGRESS;
}

export interface LoggerOptions {
  /** stderr is a terminal a line can be redrawn on (not CI, not a file or a pipe). */
  terminal?: boolean;
  /** Colours for warnings and errors; off with NO_COLOR or CI, and off a terminal. */
  color?: boolean;
  /** Milliseconds, for progress rates and the 2 s threshold; tests pass their own clock. */
  now?: () => number;
}

/** What the environment allows for a stream: `terminal` and `color` for createLogger. */
export function streamAbilities(
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): { terminal: boolean; color: boolean } {
  const terminal = stream.isTTY === true && !env.CI;
  return { terminal, color: terminal && !env.NO_COLOR };
}

const toStderr = (line: string) => {
  process.stderr.write(line);
};

export function createLogger(
  verbosity: Verbosity,
  write: (line: string) => void = toStderr,
  options: LoggerOptions = {},
): Logger {
  const color = options.color ?? streamAbilities(process.stderr).color;
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const screen: ProgressScreen = {
    write,
    terminal: options.terminal ?? (write === toStderr && streamAbilities(process.stderr).terminal),
    now: options.now ?? (() => performance.now()),
    live: false,
  };
  // A progress line being redrawn in place is cleared before any other line is written.
  const clearProgress = () => {
    if (screen.live) {
      write("\r\u001b[K");
      screen.live = false;
    }
  };
  // Messages carry names from files srpipe does not own: escaped here, once, for every stage.
  const print = (prefix: string, message: string) => {
    clearProgress();
    write(`${prefix}${terminalMessage(message)}\n`);
  };
  return {
    verbosity,
    info: (message) => {
      if (verbosity !== "quiet") print("", message);
    },
    warn: (message) => print(`${paint("33", "warning:")} `, message),
    error: (message) => print(`${paint("31", "error:")} `, message),
    detail: (message) => {
      if (verbosity === "verbose") print("", message);
    },
    progress: (label, unit, total) => createProgress(screen, verbosity === "quiet", label, unit, total),
  };
}

/** `1 record`, `1,240 records`: counts as progress lines print them. */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? noun : plural}`;
}
