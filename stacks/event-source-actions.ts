// No components here: infra-tests import these lists to compare each role with them.

/** What Lambda's SQS event source calls as the function's role (SST grants none to a subscriber given by ARN). */
export const QUEUE_CONSUMER_ACTIONS = [
  "sqs:ChangeMessageVisibility",
  "sqs:DeleteMessage",
  "sqs:GetQueueAttributes",
  "sqs:ReceiveMessage",
];

/** What Lambda's DynamoDB stream event source calls as the function's role. */
export const STREAM_CONSUMER_ACTIONS = [
  "dynamodb:DescribeStream",
  "dynamodb:GetRecords",
  "dynamodb:GetShardIterator",
  "dynamodb:ListStreams",
];
