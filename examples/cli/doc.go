// Package cli drives mrksim, the simulator's server, from the aws CLI
// (kms-cli.sh) and from boto3 (kms_boto3.py). The README shows both files;
// the test builds mrksim, starts it on a free port with a manual clock and
// runs each against it.
package cli
