import type { Tracer } from "@aws-lambda-powertools/tracer";
import { createClients, type LiveClients } from "@vigil/aws";

/** The live readers' clients per region, made once per execution environment and traced. */
export function tracedLiveClients(tracer: Tracer): (region: string) => LiveClients {
  const byRegion = new Map<string, LiveClients>();
  return (region) => {
    let clients = byRegion.get(region);
    if (!clients) {
      clients = createClients({ region });
      for (const client of Object.values(clients)) tracer.captureAWSv3Client(client);
      byRegion.set(region, clients);
    }
    return clients;
  };
}
