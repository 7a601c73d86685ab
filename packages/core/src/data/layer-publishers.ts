/**
 * Lambda layers that AWS itself publishes from its own accounts, so that using them is not "code from another
 * account" in the sense of `lambda-layer-cross-account`. A layer matches only when both its account and its
 * name match: a look-alike name in any other account is still foreign.
 *
 * Sources (layer ARN tables in each product's documentation):
 * - Powertools for AWS Lambda (TypeScript): docs.aws.amazon.com/powertools/typescript/latest/getting-started/lambda-layers
 *   (`094274105915`, every commercial Region).
 * - Powertools for AWS Lambda (Python): docs.aws.amazon.com/powertools/python (`017000801446`).
 * - CloudWatch Lambda Insights: docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Lambda-Insights-extension-versions.html
 *   (`580247275435` in most Regions; opt-in Regions and China have their own accounts).
 * - AWS Parameters and Secrets Lambda Extension: docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html
 *   (one account per Region).
 *
 * Third-party vendors (Datadog, New Relic, …) are deliberately absent: list their accounts in `trustedAccounts`
 * if you accept them.
 */
export interface LayerPublisher {
  readonly name: string;
  readonly layerName: RegExp;
  readonly accounts: readonly string[];
}

export const AWS_LAYER_PUBLISHERS: readonly LayerPublisher[] = [
  {
    name: "Powertools for AWS Lambda (TypeScript)",
    layerName: /^AWSLambdaPowertoolsTypeScript/,
    accounts: ["094274105915"],
  },
  { name: "Powertools for AWS Lambda (Python)", layerName: /^AWSLambdaPowertoolsPython/, accounts: ["017000801446"] },
  {
    name: "CloudWatch Lambda Insights",
    layerName: /^LambdaInsightsExtension/,
    accounts: [
      "580247275435", // us-east-1/2, us-west-1/2, ap-south-1, ap-northeast-1/2, ap-southeast-1/2, ca-central-1, eu-*, sa-east-1
      "012438385374", // af-south-1
      "519774774795", // ap-east-1
      "891564319516", // ap-south-2
      "439286490199", // ap-southeast-3
      "194566237122", // ap-northeast-3
      "033019950311", // eu-central-2
      "339249233099", // eu-south-1
      "352183217350", // eu-south-2
      "732604637566", // me-central-1
      "285320876703", // me-south-1
      "488211338238", // cn-north-1, cn-northwest-1
    ],
  },
  {
    name: "AWS Parameters and Secrets Lambda Extension",
    layerName: /^AWS-Parameters-and-Secrets-Lambda-Extension/,
    accounts: [
      "177933569100", // us-east-1
      "590474943231", // us-east-2
      "997803712105", // us-west-1
      "345057560386", // us-west-2
      "317013901791", // af-south-1
      "768336418462", // ap-east-1
      "176022468876", // ap-south-1
      "576959938190", // ap-northeast-3
      "738900069198", // ap-northeast-2
      "044395824272", // ap-southeast-1
      "665172237481", // ap-southeast-2
      "490737872127", // ap-southeast-3
      "133490724326", // ap-northeast-1
      "200266452380", // ca-central-1
      "187925254637", // eu-central-1
      "015030872274", // eu-west-1
      "133256977650", // eu-west-2
      "780235371811", // eu-west-3
      "325218067255", // eu-south-1
      "427196147048", // eu-north-1
      "832021897121", // me-south-1
      "858974508948", // me-central-1
      "933737806257", // sa-east-1
      "287114880934", // cn-north-1
      "287310001119", // cn-northwest-1
      "129776340158", // us-gov-east-1
      "127562683043", // us-gov-west-1
    ],
  },
];

/** The AWS publisher of a layer, given the account and layer name from its ARN. */
export function awsLayerPublisher(account: string, layerName: string): LayerPublisher | undefined {
  return AWS_LAYER_PUBLISHERS.find((p) => p.accounts.includes(account) && p.layerName.test(layerName));
}
