import { createServer, type IncomingMessage, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback HTTP proxy in front of a local endpoint (moto) that answers the first `times` requests for one
 * JSON-protocol operation (`x-amz-target`, e.g. `AmazonSQS.GetQueueAttributes`) with a throttling error, then
 * passes them through — so the SDK's own retry runs over real HTTP, as against a throttling AWS.
 */
export class ThrottlingProxy {
  /** Requests answered with a throttling error so far. */
  throttled = 0;

  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
  ) {}

  static async start(target: string, operation: string, times: number): Promise<ThrottlingProxy> {
    const upstream = new URL(target);
    let proxy: ThrottlingProxy | undefined;
    const server = createServer(async (incoming, answer) => {
      const body = await readBody(incoming);
      if (incoming.headers["x-amz-target"] === operation && proxy!.throttled < times) {
        proxy!.throttled++;
        answer.writeHead(400, { "content-type": "application/x-amz-json-1.0" });
        answer.end(JSON.stringify({ __type: "ThrottlingException", message: "Rate exceeded" }));
        return;
      }
      const forwarded = request(
        {
          hostname: upstream.hostname,
          port: upstream.port,
          path: incoming.url,
          method: incoming.method,
          headers: incoming.headers,
        },
        (response) => {
          answer.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(answer);
        },
      );
      forwarded.on("error", (error) => answer.destroy(error));
      forwarded.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    proxy = new ThrottlingProxy(server, `http://127.0.0.1:${port}`);
    return proxy;
  }

  /** Stops at once: the SDK's keep-alive sockets would otherwise hold the server open. */
  stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    return closed;
  }
}

async function readBody(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
