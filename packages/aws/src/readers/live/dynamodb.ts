import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  ListTablesCommand,
  ListTagsOfResourceCommand,
} from "@aws-sdk/client-dynamodb";
import { type DynamoDbTable, type Resource, unknown } from "@vigil/core";
import type { ReadSession } from "./session.ts";
import { type LiveReader, liveOrigin, readPages, tagMap, tagsOfCall } from "./shared.ts";

const NOT_FOUND = ["ResourceNotFoundException", "TableNotFoundException"];

/**
 * One table. Rules read its tags (a `vigil:sensitive` table is a data-flow sink), which DescribeTable lacks: a
 * targeted read asks ListTagsOfResource, a sweep takes them from the Tagging API for the whole region.
 */
async function readTable(
  session: ReadSession,
  name: string,
  { readTags }: { readTags: boolean },
): Promise<DynamoDbTable | undefined> {
  const { account, partition, region } = session.scope;
  const fallbackArn = `arn:${partition}:dynamodb:${region}:${account}:table/${name}`;
  const options = { resource: fallbackArn, absentWhen: NOT_FOUND };
  const [described, backups, tagged] = await Promise.all([
    session.call("dynamodb", new DescribeTableCommand({ TableName: name }), options),
    session.call("dynamodb", new DescribeContinuousBackupsCommand({ TableName: name }), options),
    readTags
      ? session.call("dynamodb", new ListTagsOfResourceCommand({ ResourceArn: fallbackArn }), options)
      : undefined,
  ]);
  if (described.status === "absent") return undefined;
  const pointInTimeRecovery =
    backups.status === "ok"
      ? backups.output.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus ===
        "ENABLED"
      : unknown(backups.status === "failed" ? backups.reason : "table vanished");
  const base = {
    kind: "dynamodb.table" as const,
    name,
    origin: liveOrigin(session.scope),
    tags: tagsOfCall(tagged, (o) => tagMap(o.Tags)),
    pointInTimeRecovery,
  };
  if (described.status === "failed") {
    const why = unknown(described.reason);
    return {
      ...base,
      id: fallbackArn,
      arn: fallbackArn,
      deletionProtection: why,
      encryption: why,
      billingMode: why,
    };
  }
  const t = described.output.Table ?? {};
  const arn = t.TableArn ?? fallbackArn;
  const sse = t.SSEDescription;
  return {
    ...base,
    id: arn,
    arn,
    deletionProtection: t.DeletionProtectionEnabled ?? false,
    // A KMS key ARN alone does not say whether AWS or the customer manages the key (kms:DescribeKey would).
    encryption:
      sse?.SSEType === "KMS" || sse?.KMSMasterKeyArn
        ? unknown(`table ${name} uses KMS key ${sse.KMSMasterKeyArn ?? "(unnamed)"}; its manager is not read`)
        : "aws-owned",
    ...(t.StreamSpecification?.StreamEnabled && {
      stream: {
        viewType: t.StreamSpecification.StreamViewType ?? unknown("no StreamViewType"),
        arn: t.LatestStreamArn ?? unknown("no LatestStreamArn"),
      },
    }),
    // Tables created before on-demand existed report no summary: they are provisioned.
    billingMode: t.BillingModeSummary?.BillingMode ?? "PROVISIONED",
  };
}

async function sweep(session: ReadSession): Promise<Resource[]> {
  const progress = session.progress("dynamodb.table", "dynamodb");
  const listed = await readPages(
    session,
    "dynamodb",
    (ExclusiveStartTableName) => new ListTablesCommand({ ExclusiveStartTableName, Limit: 100 }),
    (o) => ({ items: o.TableNames, next: o.LastEvaluatedTableName }),
  );
  if (listed.failed) session.incomplete("dynamodb.table", listed.failed);
  progress.total(listed.items.length);
  const tables = await Promise.all(
    listed.items.map(async (name) => {
      const table = await readTable(session, name, { readTags: false });
      progress.tick();
      return table;
    }),
  );
  const found = tables.filter((t) => t !== undefined);
  progress.finish(found.length);
  return found;
}

async function readOne(session: ReadSession, _kind: string, arn: string): Promise<Resource[]> {
  const table = await readTable(session, arn.slice(arn.indexOf(":table/") + ":table/".length), { readTags: true });
  return table ? [table] : [];
}

export const dynamoDbReader: LiveReader = {
  service: "dynamodb",
  kinds: ["dynamodb.table"],
  permissions: [
    "dynamodb:ListTables",
    "dynamodb:DescribeTable",
    "dynamodb:DescribeContinuousBackups",
    "dynamodb:ListTagsOfResource",
  ],
  sweep,
  readOne,
};
