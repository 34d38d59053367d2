#!/usr/bin/env bash
# Prints the model version (model package ARN) last approved for a deployed stack of the reference app, or nothing
# when there is none yet, so that every deploy passes it as `-c modelPackageArn=<arn>` and a deploy for a code
# change never puts the packaged model back (contracts/model-approval.ts).
#
#   usage: scripts/approved-model-arn.sh <stack name>        e.g. Staging-CdkMlops
#
# The hops: the stack's output ApprovedModelParameter names the SSM parameter
# (/cdk-mlops/<model package group>/approved-model-package-arn) that the approval handler writes; its value is the
# ARN. Nothing to pass (exit 0, empty output, a notice on stderr) when the stack does not exist yet (first deploy),
# has no such output, or no version was approved yet (no parameter). Any other failure (access denied, throttling,
# a malformed value) exits non-zero: deploying without the approved version would revert the endpoint.
set -euo pipefail

stack="${1:-}"
if [ -z "$stack" ] || [ "$#" -ne 1 ]; then
  echo "usage: scripts/approved-model-arn.sh <stack name>   (e.g. Staging-CdkMlops)" >&2
  exit 2
fi
output_key="ApprovedModelParameter"
err=$(mktemp)
trap 'rm -f "$err"' EXIT

if ! name=$(aws cloudformation describe-stacks --stack-name "$stack" \
  --query "Stacks[0].Outputs[?OutputKey=='$output_key'].OutputValue | [0]" --output text 2>"$err"); then
  if grep -q "does not exist" "$err"; then
    echo "approved-model-arn: stack $stack does not exist yet (first deploy): the champion serves the packaged model." >&2
    exit 0
  fi
  echo "approved-model-arn: cannot read the outputs of stack $stack: $(cat "$err")" >&2
  echo "approved-model-arn: to fix, allow cloudformation:DescribeStacks on it (GitHubDeployRole does for rolloutStackNames)." >&2
  exit 1
fi
if [ -z "$name" ] || [ "$name" = "None" ]; then
  echo "approved-model-arn: stack $stack has no output $output_key (deployed before approvals existed): nothing to pass." >&2
  exit 0
fi

if ! arn=$(aws ssm get-parameter --name "$name" --query Parameter.Value --output text 2>"$err"); then
  if grep -q "ParameterNotFound" "$err"; then
    echo "approved-model-arn: no version approved yet ($name does not exist): the champion serves the packaged model." >&2
    exit 0
  fi
  echo "approved-model-arn: cannot read $name: $(cat "$err")" >&2
  echo "approved-model-arn: to fix, allow ssm:GetParameter on it (GitHubDeployRole does for /cdk-mlops/*/approved-model-package-arn)." >&2
  exit 1
fi
# The pattern of contracts/model-approval.ts (MODEL_PACKAGE_ARN), as the workflow checks its input.
if ! [[ "$arn" =~ ^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:[0-9]{12}:model-package/[A-Za-z0-9-]+/[0-9]+$ ]]; then
  echo "approved-model-arn: $name holds '$arn', which is not a versioned model package ARN; to fix, put the approved" >&2
  echo "version's ARN there (aws ssm put-parameter --overwrite --name $name --value <arn>) or delete the parameter." >&2
  exit 1
fi
echo "approved-model-arn: $stack keeps serving the approved version $arn" >&2
echo "$arn"
