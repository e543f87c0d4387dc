/**
 * Writing a large stream of text to stdout without buffering it all: wait for `drain`,
 * and stop quietly when the reader goes away (`srpipe convert big.xml | head`).
 */

/**
 * Resolves when the stream can take more, or is gone. Not events.once(): it rejects when
 * "error" arrives while waiting, and a reader that went away (EPIPE) is not a failure.
 */
function drainedOrGone(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("close", done);
      stream.off("error", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
    stream.on("error", done);
  });
}

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
      if (!stream.write(text)) await drainedOrGone(stream);
      return !closed;
    },
    async end() {
      stream.off("error", onError);
    },
  };
}
