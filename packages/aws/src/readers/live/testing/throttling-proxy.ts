import { createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback HTTP proxy in front of a local endpoint (moto) that answers the first `times` requests for one
 * JSON-protocol operation (`x-amz-target`, e.g. `AmazonSQS.GetQueueAttributes`) with a throttling error, then
 * passes them through — so the SDK's own retry runs over real HTTP, as against a throttling AWS.
 */
export class ThrottlingProxy {
  /** Requests answered with a throttling error so far. */
  throttled = 0;
  readonly #server = createServer((incoming, answer) => void this.#handle(incoming, answer));
  readonly #upstream: URL;

  private constructor(
    target: string,
    private readonly operation: string,
    private readonly times: number,
  ) {
    this.#upstream = new URL(target);
  }

  static async start(target: string, operation: string, times: number): Promise<ThrottlingProxy> {
    const proxy = new ThrottlingProxy(target, operation, times);
    await new Promise<void>((resolve) => proxy.#server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Stops at once: the SDK's keep-alive sockets would otherwise hold the server open. */
  stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    return closed;
  }

  async #handle(incoming: IncomingMessage, answer: ServerResponse): Promise<void> {
    const body = await readBody(incoming);
    if (incoming.headers["x-amz-target"] === this.operation && this.throttled < this.times) {
      this.throttled++;
      answer.writeHead(400, { "content-type": "application/x-amz-json-1.0" });
      answer.end(JSON.stringify({ __type: "ThrottlingException", message: "Rate exceeded" }));
      return;
    }
    const { hostname, port } = this.#upstream;
    const forwarded = request(
      { hostname, port, path: incoming.url, method: incoming.method, headers: incoming.headers },
      (response) => {
        answer.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(answer);
      },
    );
    forwarded.on("error", (error) => answer.destroy(error));
    forwarded.end(body);
  }
}

async function readBody(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
