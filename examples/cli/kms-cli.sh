#!/usr/bin/env bash
# mrksim from the aws CLI: a multi-Region key, a replica that is Creating
# until the simulated clock moves, and a ciphertext from us-east-1
# decrypted in eu-west-1. Start the server first (in another terminal):
#   go run ./sim/cmd/mrksim -clock manual
# MRKSIM overrides the endpoint.
set -euo pipefail
endpoint=${MRKSIM:-http://127.0.0.1:4599}
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_PAGER=""
kms() { aws --endpoint-url "$endpoint" --output text kms "$@"; }
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT

id=$(kms create-key --region us-east-1 --multi-region --query KeyMetadata.KeyId)
echo "key $id"
echo "replica $(kms replicate-key --region us-east-1 --key-id "$id" --replica-region eu-west-1 --query ReplicaKeyMetadata.KeyState)"
curl -fsS -X POST "$endpoint/_mrksim/clock/advance?by=5s" >/dev/null   # no waiting: move the clock
echo "replica $(kms describe-key --region eu-west-1 --key-id "$id" --query KeyMetadata.KeyState)"

printf 'hello' >"$tmp/plain"
kms encrypt --region us-east-1 --key-id "$id" --plaintext "fileb://$tmp/plain" --query CiphertextBlob | base64 -d >"$tmp/blob"
echo "decrypted in eu-west-1: $(kms decrypt --region eu-west-1 --ciphertext-blob "fileb://$tmp/blob" --query Plaintext | base64 -d)"
