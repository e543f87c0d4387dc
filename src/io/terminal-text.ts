/**
 * Names that come from the file system or from files srpipe does not own (file names, folder
 * names, values echoed in messages) are shown with their control characters escaped: an ESC
 * sequence in a file name must not repaint the terminal, and a newline must not forge a line
 * of its own such as `imported fake.ris: 999 records`.
 */

/** C0 and C1 controls, DEL, and the Unicode line/paragraph separators and bidi overrides. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `name` with every control character written as `\uXXXX` (ESC → `\u001b`, newline → `\u000a`). */
export function terminalSafe(name: string): string {
  return name.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * A message for the terminal, as the logger prints it: control characters inside each line are
 * escaped, and the newlines srpipe puts between the lines of a long message are kept, but every
 * line after the first is indented. A line at the left margin is therefore always the start of a
 * message srpipe wrote: a name carrying a newline can add an indented line at most, never forge
 * one such as `imported fake.ris: 999 records`.
 */
export function terminalMessage(message: string): string {
  return message
    .split("\n")
    .map((line, index) => {
      const safe = terminalSafe(line);
      return index === 0 || safe === "" || safe.startsWith(" ") ? safe : `  ${safe}`;
    })
    .join("\n");
}
