"""mrksim from boto3: the same steps as kms-cli.sh, plus a typed error.

Start the server first: go run ./sim/cmd/mrksim -clock manual
MRKSIM overrides the endpoint.
"""
import os
import urllib.request

import boto3

endpoint = os.environ.get("MRKSIM", "http://127.0.0.1:4599")


def kms(region):
    return boto3.client("kms", region_name=region, endpoint_url=endpoint,
                        aws_access_key_id="test", aws_secret_access_key="test")


east, west = kms("us-east-1"), kms("eu-west-1")
key_id = east.create_key(MultiRegion=True)["KeyMetadata"]["KeyId"]
print("key", key_id)
print("replica", east.replicate_key(KeyId=key_id, ReplicaRegion="eu-west-1")["ReplicaKeyMetadata"]["KeyState"])
try:
    west.update_primary_region(KeyId=key_id, PrimaryRegion="eu-west-1")
except west.exceptions.KMSInvalidStateException as e:
    print("update-primary-region from the replica:", e.response["Error"]["Code"])
urllib.request.urlopen(urllib.request.Request(endpoint + "/_mrksim/clock/advance?by=5s", method="POST"))
print("replica", west.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"])
blob = east.encrypt(KeyId=key_id, Plaintext=b"hello")["CiphertextBlob"]
print("decrypted in eu-west-1:", west.decrypt(CiphertextBlob=blob)["Plaintext"].decode())
