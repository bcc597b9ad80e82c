package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMEUpToDate fails when README.md's generated parts differ from
// what the code gives now: run go generate ./sim and commit the result.
func TestREADMEUpToDate(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	old, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := Generate(root, old)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{"<!-- generated:states -->", "<!-- generated:operations -->", "<!-- generated:file examples/cli/kms-cli.sh -->"} {
		if !bytes.Contains(old, []byte(part)) {
			t.Errorf("README.md has no %s part", part)
		}
	}
	if !bytes.Equal(old, fresh) {
		t.Fatal("README.md is stale: run go generate ./sim")
	}
}

// TestStateDiagram: the diagram has SPEC R3.2.1's arrows, written out here,
// e.g. T4 and T13, and one arrow per edge.
func TestStateDiagram(t *testing.T) {
	d := StateDiagram()
	for _, want := range []string{
		"    [*] --> Enabled: T1 CreateKey AWS_KMS\n",
		"    Creating --> Enabled: T4 creation finished\n",
		"    Enabled --> Updating: T13 UpdatePrimaryRegion\n",
		"    PendingReplicaDeletion --> PendingDeletion: T10 last replica deleted\n",
	} {
		if !strings.Contains(d, want) {
			t.Errorf("the diagram lacks %q:\n%s", want, d)
		}
	}
	if n := strings.Count(d, " --> "); n < 21 {
		t.Errorf("%d arrows, want at least the 21 of T1–T14", n)
	}
}

// TestOperationList: CreateKey and ReplicateKey are served, the custom key
// store operations are out of scope (SPEC-API A0.2.3), and every one of the
// API's operations is listed once.
func TestOperationList(t *testing.T) {
	l, err := OperationList()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(l, "\n\n")
	if !strings.HasPrefix(lines[0], "**Implemented**") || !strings.Contains(lines[0], "`CreateKey`") || !strings.Contains(lines[0], "`ReplicateKey`") {
		t.Errorf("implemented: %s", lines[0])
	}
	last := lines[len(lines)-2]
	if !strings.HasPrefix(last, "**Out of scope**") || !strings.Contains(last, "`CreateCustomKeyStore`") {
		t.Errorf("out of scope: %s", last)
	}
	// The 54 operations of the API model and aws-sdk-go-v2's Encapsulate
	// and Decapsulate (SPEC-API A0.2.2).
	ops := regexp.MustCompile("`([A-Z][A-Za-z]+)`").FindAllStringSubmatch(l, -1)
	n := 0
	for _, op := range ops {
		if op[1] != "UnsupportedOperationException" {
			n++
		}
	}
	if n != 56 {
		t.Errorf("%d operations listed, want 56", n)
	}
	for _, op := range []string{"CancelKeyDeletion", "Decapsulate", "VerifyMac", "GetParametersForImport"} {
		if strings.Count(l, "`"+op+"`") != 1 {
			t.Errorf("%s listed %d times", op, strings.Count(l, "`"+op+"`"))
		}
	}
}
