import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";

/** One change record as Lambda's DynamoDB stream event source delivers it (view type NEW_AND_OLD_IMAGES). */
export interface StreamChangeRecord {
  readonly eventID: string;
  readonly eventName: "INSERT" | "MODIFY";
  readonly eventVersion: "1.1";
  readonly eventSource: "aws:dynamodb";
  readonly awsRegion: string;
  readonly eventSourceARN: string;
  readonly dynamodb: {
    readonly ApproximateCreationDateTime: number;
    readonly Keys: Record<string, unknown>;
    readonly NewImage: Record<string, unknown>;
    readonly OldImage?: Record<string, unknown>;
    readonly SequenceNumber: string;
    readonly SizeBytes: number;
    readonly StreamViewType: "NEW_AND_OLD_IMAGES";
  };
}

const MARSHALL = { removeUndefinedValues: true, convertClassInstanceToMap: true } as const;

/**
 * A table stream for a store without one (dynalite, the embedded table of `vigil local` and the reliability
 * suite): the document client it wraps records each successful put as DynamoDB Streams would, with the item
 * before and after, so that the publish function runs on the same records as in AWS. Only puts through the wrapped
 * client are seen — the findings store writes findings that way.
 */
export class LocalTableStream {
  readonly #images = new Map<string, Record<string, unknown>>();
  #pending: StreamChangeRecord[] = [];
  #sequence = 0;

  constructor(
    private readonly tableArn: string,
    private readonly region = "us-east-1",
  ) {}

  /** The client to give the store: it writes through `client` and records what it wrote. */
  wrap(client: DynamoDBDocumentClient): DynamoDBDocumentClient {
    return new Proxy(client, {
      get: (target, property, receiver) => {
        if (property !== "send") return Reflect.get(target, property, receiver);
        return async (command: unknown, ...rest: unknown[]) => {
          const output = await (target.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
          if (command instanceof PutCommand && command.input.Item) this.#record(command.input.Item);
          return output;
        };
      },
    });
  }

  /** The records written since the last call, oldest first. */
  take(): StreamChangeRecord[] {
    const taken = this.#pending;
    this.#pending = [];
    return taken;
  }

  #record(item: Record<string, unknown>): void {
    const keys = { pk: item.pk, sk: item.sk };
    const id = `${String(item.pk)}|${String(item.sk)}`;
    const before = this.#images.get(id);
    this.#images.set(id, item);
    const sequence = ++this.#sequence;
    const newImage = marshall(item, MARSHALL);
    this.#pending.push({
      eventID: `local-${sequence}`,
      eventName: before ? "MODIFY" : "INSERT",
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: this.region,
      eventSourceARN: `${this.tableArn}/stream/local`,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: marshall(keys, MARSHALL),
        NewImage: newImage,
        ...(before && { OldImage: marshall(before, MARSHALL) }),
        SequenceNumber: String(sequence).padStart(21, "0"),
        SizeBytes: JSON.stringify(newImage).length,
        StreamViewType: "NEW_AND_OLD_IMAGES",
      },
    });
  }
}
