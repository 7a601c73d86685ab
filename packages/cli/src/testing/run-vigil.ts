import { main } from "../main.ts";

export interface VigilRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `vigil` in-process as a user would, with its output captured (not a terminal unless `isTTY`). */
export async function runVigil(
  argv: readonly string[],
  cwd: string,
  options: { isTTY?: boolean } = {},
): Promise<VigilRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: options.isTTY ?? false },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: options.isTTY ?? false },
    cwd,
  });
  return { code, stdout, stderr };
}
