/**
 * Writing a large stream of text to stdout without buffering it all: wait for `drain`,
 * and stop quietly when the reader goes away (`srpipe convert big.xml | head`).
 */
import { once } from "node:events";

export interface TextOut {
  /** False once the reader has gone away; the caller stops producing. */
  write(text: string): Promise<boolean>;
  end(): Promise<void>;
  readonly closed: boolean;
}

export function writeOut(stream: NodeJS.WritableStream): TextOut {
  let closed = false;
  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") closed = true;
    else throw error;
  };
  stream.on("error", onError);
  return {
    get closed() {
      return closed;
    },
    async write(text) {
      if (closed) return false;
      if (text === "") return true;
      if (!stream.write(text)) {
        await Promise.race([once(stream, "drain"), once(stream, "close")]);
      }
      return !closed;
    },
    async end() {
      stream.off("error", onError);
    },
  };
}
