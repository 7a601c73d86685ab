/** The streams and directory a command runs with; tests pass in-memory ones. */
export interface OutputStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Directory that relative paths, config discovery and report paths are relative to. */
  readonly cwd: string;
}

export function processIo(): CliIo {
  return { stdout: quietOnceClosed(process.stdout), stderr: quietOnceClosed(process.stderr), cwd: process.cwd() };
}

/**
 * A process stream that goes quiet once its reader has gone (`vigil check . | head`): without an `error` listener
 * the EPIPE would be an uncaught exception with a stack trace. The command still finishes and exits with its code.
 */
function quietOnceClosed(stream: NodeJS.WriteStream): OutputStream {
  let closed = false;
  stream.on("error", () => {
    closed = true;
  });
  return {
    write: (chunk: string) => closed || stream.write(chunk),
    get isTTY() {
      return stream.isTTY;
    },
  };
}
