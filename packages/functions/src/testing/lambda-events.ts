import type { SqsRecord } from "@aws-lambda-powertools/parser/types";

export const TEST_REGION = "eu-west-1";
export const TEST_ACCOUNT = "123456789012";

/** A Lambda context as the runtime passes it, for handlers run through their middy chain. */
export function lambdaContext(functionName: string, remainingMs = 30_000) {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: "512",
    awsRequestId: "request-1",
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "stream",
    getRemainingTimeInMillis: () => remainingMs,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

let nextMessageId = 0;

/** An SQS record as Lambda's SQS event source delivers it. */
export function sqsRecord(body: string, queueName = "vigil-queue"): SqsRecord {
  const now = String(Date.now());
  return {
    messageId: `message-${++nextMessageId}`,
    receiptHandle: "handle",
    body,
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: now,
      SenderId: "AIDAEXAMPLE",
      ApproximateFirstReceiveTimestamp: now,
    },
    messageAttributes: {},
    md5OfBody: "md5",
    eventSource: "aws:sqs",
    eventSourceARN: `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:${queueName}`,
    awsRegion: TEST_REGION,
  };
}
