"""Expands a SAM template as `sam deploy` would, offline, printing the CloudFormation JSON. Usage: FILE

Local code paths (CodeUri: src/) are what `sam package` replaces with S3 locations; the translator only accepts
the latter, so they become a placeholder object. Managed-policy names resolve through a stub map (offline)."""
import json, os, sys
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

PACKAGED = {"CodeUri": "s3://corpus-artifacts/code.zip", "ContentUri": "s3://corpus-artifacts/layer.zip",
            "DefinitionUri": "s3://corpus-artifacts/definition.json"}

class StubManagedPolicies:
    def load(self):
        return {}

with open(sys.argv[1]) as f:
    template = yaml_parse(f.read())
for resource in (template.get("Resources") or {}).values():
    properties = resource.get("Properties") or {}
    for key, location in PACKAGED.items():
        value = properties.get(key)
        if isinstance(value, str) and not value.startswith("s3://"):
            properties[key] = location
globals_function = (template.get("Globals") or {}).get("Function") or {}
if isinstance(globals_function.get("CodeUri"), str) and not globals_function["CodeUri"].startswith("s3://"):
    globals_function["CodeUri"] = PACKAGED["CodeUri"]
print(json.dumps(transform(template, {}, StubManagedPolicies())))
