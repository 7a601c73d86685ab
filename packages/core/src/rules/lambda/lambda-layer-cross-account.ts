import { awsLayerPublisher } from "../../data/layer-publishers.ts";
import { combineOutcomes } from "../../engine/combine.ts";
import { defineRule, fail, type Outcome, pass, setting, undetermined } from "../../engine/rule.ts";
import { parseArn } from "../../model/arn.ts";
import { isUnknown, unknown } from "../../model/value.ts";

export default defineRule({
  id: "lambda-layer-cross-account",
  title: "Function uses a layer published by another account",
  severity: "medium",
  practice: 4,
  kinds: ["lambda.function"],
  rationale:
    "A layer's code runs inside the function with its role and its secrets. A layer from an account you do not " +
    "control can be replaced by a new version or deleted by its owner, and nothing in your pipeline reviews it. " +
    "Layers from the function's own account, from `trustedAccounts`, and AWS-published layers (Powertools for AWS " +
    "Lambda, CloudWatch Lambda Insights, the Parameters and Secrets extension) are accepted.",
  remediation: {
    summary: "Publish a copy of the layer in your own account after review, or add its account to trustedAccounts.",
    steps: [
      "Download the layer version (`aws lambda get-layer-version-by-arn`) and review its content.",
      "Publish it in your account (`aws lambda publish-layer-version`) and point the function at the new ARN.",
      "If you accept the publisher as a supplier, list its account under `trustedAccounts` in vigil.config.",
    ],
  },
  mappings: { owasp: ["A9"], sas: ["SAS-6"] },
  check(fn, { settings }) {
    if (fn.layers.length === 0) return pass("no layers");
    const ownAccount = parseArn(fn.arn)?.account;
    const parts = fn.layers.map((layer, index): Outcome => {
      const path = `layers[${index}]`;
      if (isUnknown(layer)) return undetermined(`layer ${index}`, layer);
      const arn = parseArn(layer);
      if (!arn) return undetermined(`the account of layer ${index}`, unknown(`"${layer}" is not an ARN`));
      if (arn.account === ownAccount || settings.trustedAccounts.includes(arn.account)) return pass();
      const layerName = arn.resource.split(":")[1] ?? "";
      if (awsLayerPublisher(arn.account, layerName)) return pass();
      return fail(`layer ${layerName} comes from account ${arn.account}, which is not trusted`, setting(path, layer));
    });
    return combineOutcomes(parts, "every layer comes from this account, a trusted account or AWS");
  },
});
