package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

// startServer runs mrksim's own run() on a free loopback port and stops it
// (the same clean shutdown as SIGINT) when the test ends.
func startServer(t *testing.T, args ...string) (url string, logs *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	logs = &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), logs, ready) }()
	select {
	case addr := <-ready:
		url = "http://" + addr
	case err := <-done:
		t.Fatalf("mrksim did not start: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("mrksim shutdown: %v", err)
		}
	})
	return url, logs
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// awsCLI runs the aws CLI against the server and decodes its JSON output.
func awsCLI(t *testing.T, url, region string, args ...string) map[string]any {
	t.Helper()
	cmd := exec.Command("aws", append([]string{"--endpoint-url", url, "--region", region, "--output", "json", "kms"}, args...)...)
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY=secret",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("aws kms %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	m := map[string]any{}
	if len(bytes.TrimSpace(out)) > 0 {
		if err := json.Unmarshal(out, &m); err != nil {
			t.Fatalf("aws kms %s printed %q: %v", args[0], out, err)
		}
	}
	return m
}

// TestAWSCLI drives mrksim with the aws CLI (issue 4): create-key
// --multi-region, replicate-key, describe-key, update-primary-region. The
// CLI is installed on the development machines; where it is missing this
// test fails and says so rather than passing silently.
func TestAWSCLI(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		t.Fatalf("the aws CLI is not installed (needed by this test; pip install awscli): %v", err)
	}
	url, logs := startServer(t, "-clock", "manual", "-seed", "42")
	ck := awsCLI(t, url, "us-east-1", "create-key", "--multi-region", "--description", "cli")
	md := ck["KeyMetadata"].(map[string]any)
	id := md["KeyId"].(string)
	if !strings.HasPrefix(id, "mrk-") || md["KeyState"] != "Enabled" || md["MultiRegion"] != true {
		t.Fatalf("create-key printed %v", md)
	}
	mrc := md["MultiRegionConfiguration"].(map[string]any)
	if mrc["MultiRegionKeyType"] != "PRIMARY" || len(mrc["ReplicaKeys"].([]any)) != 0 {
		t.Fatalf("create-key MultiRegionConfiguration %v", mrc)
	}
	rep := awsCLI(t, url, "us-east-1", "replicate-key", "--key-id", id, "--replica-region", "eu-west-1")
	rmd := rep["ReplicaKeyMetadata"].(map[string]any)
	if rmd["KeyState"] != "Creating" || rmd["Enabled"] != false || !strings.Contains(rep["ReplicaPolicy"].(string), `"Id" : "key-default-1"`) {
		t.Fatalf("replicate-key printed %v", rep)
	}
	resp, err := http.Post(url+"/_mrksim/clock/advance?by=5s", "application/json", nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("advance: %v %v", err, resp)
	}
	d := awsCLI(t, url, "eu-west-1", "describe-key", "--key-id", id)["KeyMetadata"].(map[string]any)
	if d["KeyState"] != "Enabled" || d["Arn"] != "arn:aws:kms:eu-west-1:111122223333:key/"+id {
		t.Fatalf("describe-key after the creating delay printed %v", d)
	}
	if out := awsCLI(t, url, "us-east-1", "update-primary-region", "--key-id", id, "--primary-region", "eu-west-1"); len(out) != 0 {
		t.Fatalf("update-primary-region printed %v", out)
	}
	d = awsCLI(t, url, "eu-west-1", "describe-key", "--key-id", id)["KeyMetadata"].(map[string]any)
	mrc = d["MultiRegionConfiguration"].(map[string]any)
	if d["KeyState"] != "Updating" || mrc["MultiRegionKeyType"] != "PRIMARY" {
		t.Fatalf("describe-key of the new primary printed %v", d)
	}
	if !strings.Contains(logs.String(), "op=UpdatePrimaryRegion status=200") {
		t.Fatalf("no request log line for UpdatePrimaryRegion in:\n%s", logs)
	}
}

// TestFlags: -h explains the flags and exits cleanly; a bad flag value is an error.
func TestFlags(t *testing.T) {
	var out syncBuffer
	if err := run(context.Background(), []string{"-h"}, &out, nil); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"-addr", "-seed", "-account", "-creating", "-updating", "-log-level", "-clock"} {
		if !strings.Contains(out.String(), f) {
			t.Errorf("-h does not explain %s", f)
		}
	}
	if err := run(context.Background(), []string{"-log-level", "loud"}, &out, nil); err == nil {
		t.Error("-log-level loud accepted")
	}
	if err := run(context.Background(), []string{"-clock", "sundial"}, &out, nil); err == nil {
		t.Error("-clock sundial accepted")
	}
}

// TestQuietLogs: -log-level warn turns the per-request lines off.
func TestQuietLogs(t *testing.T) {
	url, logs := startServer(t, "-log-level", "warn")
	resp, err := http.Get(url + "/_mrksim/clock")
	if err != nil || resp.StatusCode != 200 {
		t.Fatal(err, resp)
	}
	req, _ := http.NewRequest("POST", url+"/", strings.NewReader("{}"))
	req.Header.Set("X-Amz-Target", "TrentService.ListKeys")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=0")
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatal(err, resp)
	}
	if strings.Contains(logs.String(), "op=ListKeys") {
		t.Fatalf("request logged at -log-level warn:\n%s", logs)
	}
}
