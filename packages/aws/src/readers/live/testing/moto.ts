import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";

/** Whether the moto server can run here (`python3 -c "import moto"`). */
export function motoAvailable(): boolean {
  try {
    execFileSync("python3", ["-c", "import moto.server"], { stdio: "ignore", timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

/** A loopback port nothing listens on (once returned): for a server to start on, or as an unreachable endpoint. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** A moto server on 127.0.0.1 and a random free port, for integration tests over real HTTP. */
export class MotoServer {
  private constructor(
    private readonly process: ChildProcess,
    readonly endpoint: string,
  ) {}

  /** Starts moto and waits (bounded) until it answers. */
  static async start(timeoutMs = 20_000): Promise<MotoServer> {
    const port = await freePort();
    const child = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
      env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: "true" },
      stdio: "ignore",
    });
    const server = new MotoServer(child, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`moto exited with code ${child.exitCode}`);
      try {
        const response = await fetch(`${server.endpoint}/moto-api/`);
        if (response.ok) return server;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    server.stop();
    throw new Error(`moto did not answer within ${timeoutMs} ms`);
  }

  /** Forgets every resource, so that tests do not see each other's. */
  async reset(): Promise<void> {
    const response = await fetch(`${this.endpoint}/moto-api/reset`, { method: "POST" });
    if (!response.ok) throw new Error(`moto reset failed: ${response.status}`);
  }

  stop(): void {
    this.process.kill();
  }
}
