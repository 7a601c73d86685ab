/**
 * Changes to the app of {@link seedServerlessApp}, each made in moto through the SDK and returned with the
 * CloudTrail events ("AWS API Call via CloudTrail", as EventBridge delivers them) that AWS would record for it,
 * stamped with the time of the call.
 */
import { AttachRolePolicyCommand } from "@aws-sdk/client-iam";
import { UpdateFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import { PutBucketNotificationConfigurationCommand } from "@aws-sdk/client-s3";
import { DeleteTopicCommand } from "@aws-sdk/client-sns";
import { DeleteQueueCommand, SetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { type ApiCallOptions, apiCallEvent } from "@vigil/core/testing";
import { allowInvoke, type MotoApp } from "./moto-app.ts";

export type RecordedEvent = ReturnType<typeof apiCallEvent>;

export interface MotoChange {
  readonly name: string;
  /** Makes the change; returns the events recorded for it, in order. */
  readonly apply: (app: MotoApp) => Promise<RecordedEvent[]>;
}

/** The event of one call just made in `app`'s region. */
function recorded(app: MotoApp, source: string, name: string, options: ApiCallOptions): RecordedEvent {
  return { ...apiCallEvent(source, name, { region: app.region, ...options }), time: new Date().toISOString() };
}

export const MOTO_CHANGES: readonly MotoChange[] = [
  {
    name: "attach AdministratorAccess to the worker's role",
    apply: async (app) => {
      const request = { roleName: "worker-role", policyArn: app.arns.admin };
      await app.clients.iam.send(new AttachRolePolicyCommand({ RoleName: "worker-role", PolicyArn: app.arns.admin }));
      return [recorded(app, "iam.amazonaws.com", "AttachRolePolicy", { requestParameters: request })];
    },
  },
  {
    name: "notify the worker of new objects in the reports bucket",
    apply: async (app) => {
      const bucket = app.arns.bucket("reports");
      const worker = app.arns.fn("worker");
      // As a deployment does it: S3 validates the destination, so the invoke permission comes first.
      await allowInvoke(app.clients.lambda, "worker", "s3.amazonaws.com", bucket);
      const configuration = {
        LambdaFunctionConfigurations: [{ LambdaFunctionArn: worker, Events: ["s3:ObjectCreated:*" as const] }],
      };
      await app.clients.s3.send(
        new PutBucketNotificationConfigurationCommand({ Bucket: "reports", NotificationConfiguration: configuration }),
      );
      return [
        recorded(app, "lambda.amazonaws.com", "AddPermission20150331v2", {
          requestParameters: { functionName: "worker", principal: "s3.amazonaws.com", sourceArn: bucket },
        }),
        recorded(app, "s3.amazonaws.com", "PutBucketNotification", {
          requestParameters: { bucketName: "reports", NotificationConfiguration: configuration },
        }),
      ];
    },
  },
  {
    name: "shorten the worker's timeout to within its queue's visibility timeout",
    apply: async (app) => {
      await app.clients.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: "worker", Timeout: 5 }));
      return [
        recorded(app, "lambda.amazonaws.com", "UpdateFunctionConfiguration20150331v2", {
          requestParameters: { functionName: "worker", timeout: 5 },
          responseElements: { functionName: "worker", functionArn: app.arns.fn("worker"), timeout: 5 },
        }),
      ];
    },
  },
  {
    name: "delete the tasks queue's dead-letter queue",
    apply: async (app) => {
      const tasks = app.queueUrls.tasks!;
      const dlq = app.queueUrls["tasks-dlq"]!;
      await app.clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl: tasks, Attributes: { RedrivePolicy: "" } }));
      await app.clients.sqs.send(new DeleteQueueCommand({ QueueUrl: dlq }));
      return [
        recorded(app, "sqs.amazonaws.com", "SetQueueAttributes", {
          requestParameters: { queueUrl: tasks, attributes: { RedrivePolicy: "" } },
        }),
        recorded(app, "sqs.amazonaws.com", "DeleteQueue", { requestParameters: { queueUrl: dlq } }),
      ];
    },
  },
  {
    name: "delete the alerts topic, leaving its subscriber's invoke permission behind",
    apply: async (app) => {
      const topicArn = app.arns.topic("alerts");
      await app.clients.sns.send(new DeleteTopicCommand({ TopicArn: topicArn }));
      return [recorded(app, "sns.amazonaws.com", "DeleteTopic", { requestParameters: { topicArn } })];
    },
  },
];
