/**
 * Progress and logs go to stderr (data goes to stdout or files). Lines start with a verb
 * ("imported …", "skipped …"). `--quiet` keeps warnings and errors only; `--verbose` adds detail.
 */
export type Verbosity = "quiet" | "normal" | "verbose";

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  detail(message: string): void;
  readonly verbosity: Verbosity;
}

export function createLogger(verbosity: Verbosity, write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const color = !process.env.NO_COLOR && !process.env.CI && process.stderr.isTTY === true;
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    verbosity,
    info: (message) => {
      if (verbosity !== "quiet") write(`${message}\n`);
    },
    warn: (message) => write(`${paint("33", "warning:")} ${message}\n`),
    error: (message) => write(`${paint("31", "error:")} ${message}\n`),
    detail: (message) => {
      if (verbosity === "verbose") write(`${message}\n`);
    },
  };
}

/** `1 record`, `1,240 records`: counts as progress lines print them. */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? noun : plural}`;
}
