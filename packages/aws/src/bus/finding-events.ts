import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { FINDING_EVENT_DETAIL_TYPE, FINDING_EVENT_SOURCE, type FindingEventDetail } from "@vigil/core";

/** EventBridge refused the event (throttled, internal error): the caller fails the record so it is retried. */
export class PublishError extends Error {
  override name = "PublishError";
  constructor(
    readonly transitionId: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(`finding event ${transitionId} not published: ${code ?? "error"}: ${message}`);
  }
}

/** The PutEvents entry of one finding event: the documented source and detail type, the resource as its resource. */
export function findingEventEntry(busName: string, detail: FindingEventDetail): PutEventsRequestEntry {
  return {
    EventBusName: busName,
    Source: FINDING_EVENT_SOURCE,
    DetailType: FINDING_EVENT_DETAIL_TYPE,
    Resources: detail.finding.resourceId.startsWith("arn:") ? [detail.finding.resourceId] : [],
    Detail: JSON.stringify(detail),
  };
}

/** Puts finding events on Vigil's bus, one PutEvents entry each; a refused entry throws {@link PublishError}. */
export class FindingEventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(detail: FindingEventDetail): Promise<void> {
    const answer = await this.client.send(new PutEventsCommand({ Entries: [findingEventEntry(this.busName, detail)] }));
    const [entry] = answer.Entries ?? [];
    if ((answer.FailedEntryCount ?? 0) > 0 || !entry?.EventId) {
      throw new PublishError(detail.transitionId, entry?.ErrorCode, entry?.ErrorMessage ?? "no event id returned");
    }
  }
}
