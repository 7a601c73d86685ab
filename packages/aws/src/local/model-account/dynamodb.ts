import {
  type DescribeContinuousBackupsCommandInput,
  type DescribeContinuousBackupsCommandOutput,
  type DescribeTableCommandInput,
  type DescribeTableCommandOutput,
  type ListTablesCommandInput,
  type ListTablesCommandOutput,
  type ListTagsOfResourceCommandInput,
  type ListTagsOfResourceCommandOutput,
  ResourceNotFoundException,
  type StreamViewType,
  type TableDescription,
  TableNotFoundException,
} from "@aws-sdk/client-dynamodb";
import {
  CREATED,
  failure,
  type KnownOfKind,
  pageSize,
  type Reply,
  type ServedAccount,
  type ServiceAnswers,
  stableUuid,
  tagList,
} from "./served.ts";

type KnownTable = KnownOfKind<"dynamodb.table">;

/** The table `TableName` names (a name or an ARN) in the asking region, or undefined. */
function findTable(account: ServedAccount, nameOrArn: string | undefined): KnownTable | undefined {
  return account.regional("dynamodb.table").find((t) => t.name === nameOrArn || t.arn === nameOrArn);
}

function tableNamed(account: ServedAccount, nameOrArn: string | undefined): KnownTable {
  const table = findTable(account, nameOrArn);
  if (!table) {
    throw new ResourceNotFoundException(failure(400, `Requested resource not found: Table: ${nameOrArn} not found`));
  }
  return table;
}

/** KMS encryption with the AWS managed key of DynamoDB or the customer's own: the model does not name the key. */
function encryptionOf(table: KnownTable, account: ServedAccount): Pick<TableDescription, "SSEDescription"> {
  if (table.encryption === "aws-owned") return {};
  const keyId = stableUuid(table.encryption, account.account, account.region);
  const KMSMasterKeyArn = `arn:${account.partition}:kms:${account.region}:${account.account}:key/${keyId}`;
  return { SSEDescription: { Status: "ENABLED", SSEType: "KMS", KMSMasterKeyArn } };
}

function descriptionOf(table: KnownTable, account: ServedAccount): TableDescription {
  const { stream } = table;
  return {
    TableName: table.name,
    TableArn: table.arn,
    TableId: stableUuid(table.arn),
    TableStatus: "ACTIVE",
    CreationDateTime: CREATED,
    ItemCount: 0,
    TableSizeBytes: 0,
    BillingModeSummary: { BillingMode: table.billingMode },
    DeletionProtectionEnabled: table.deletionProtection,
    ...encryptionOf(table, account),
    ...(stream && {
      StreamSpecification: { StreamEnabled: true, StreamViewType: stream.viewType as StreamViewType },
      LatestStreamArn: stream.arn,
      LatestStreamLabel: stream.arn.slice(stream.arn.lastIndexOf("/stream/") + "/stream/".length),
    }),
  };
}

export const dynamoDbAnswers: ServiceAnswers = {
  ListTables: (input: ListTablesCommandInput, account): Reply<ListTablesCommandOutput> => {
    // DynamoDB lists names in order, each page from the name after the last one of the page before.
    const names = account
      .regional("dynamodb.table")
      .map((t) => t.name)
      .sort()
      .filter((name) => input.ExclusiveStartTableName === undefined || name > input.ExclusiveStartTableName);
    const size = pageSize(input.Limit, 100, 100);
    const TableNames = names.slice(0, size);
    return { TableNames, ...(names.length > size && { LastEvaluatedTableName: TableNames.at(-1) }) };
  },
  DescribeTable: (input: DescribeTableCommandInput, account): Reply<DescribeTableCommandOutput> => ({
    Table: descriptionOf(tableNamed(account, input.TableName), account),
  }),
  DescribeContinuousBackups: (
    input: DescribeContinuousBackupsCommandInput,
    account,
  ): Reply<DescribeContinuousBackupsCommandOutput> => {
    const table = findTable(account, input.TableName);
    if (!table) throw new TableNotFoundException(failure(400, `Table not found: ${input.TableName}`));
    return {
      ContinuousBackupsDescription: {
        ContinuousBackupsStatus: "ENABLED",
        PointInTimeRecoveryDescription: {
          PointInTimeRecoveryStatus: table.pointInTimeRecovery ? "ENABLED" : "DISABLED",
        },
      },
    };
  },
  ListTagsOfResource: (input: ListTagsOfResourceCommandInput, account): Reply<ListTagsOfResourceCommandOutput> => ({
    Tags: tagList(tableNamed(account, input.ResourceArn).tags),
  }),
};
