package cli_test

import (
	"bufio"
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// startMrksim builds mrksim and starts it on a free loopback port with a
// manual clock; it returns the endpoint and stops the server (SIGINT, a
// clean shutdown) when the test ends. One goroutine reads mrksim's stderr
// to its end: it hands over the first address line and keeps draining the
// pipe, and the cleanup waits for it to finish before cmd.Wait, as os/exec
// requires (Wait closes the pipe, so it must not run while reads may still
// come).
func startMrksim(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "mrksim")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/mrksim/mrk/sim/cmd/mrksim").CombinedOutput(); err != nil {
		t.Fatalf("go build mrksim: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-clock", "manual", "-seed", "42")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	done := make(chan struct{})
	serving := regexp.MustCompile(`msg="mrksim serving" addr=(\S+)`)
	go func() {
		defer close(done)
		sent := false
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := serving.FindStringSubmatch(sc.Text()); m != nil && !sent {
				addr <- m[1] // buffered, and sent once: never blocks
				sent = true
			}
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		<-done // every read is over (EOF once mrksim exits) before Wait
		if err := cmd.Wait(); err != nil {
			t.Errorf("mrksim did not stop cleanly: %v", err)
		}
	})
	select {
	case a := <-addr:
		return "http://" + a
	case <-done:
		t.Fatal("mrksim exited without reporting its address")
	case <-time.After(30 * time.Second):
		t.Fatal("mrksim did not report its address within 30 s")
	}
	return ""
}

// requireTools fails the test, without skipping it, when a program the
// scripts need is missing, and says what to install.
func requireTools(t *testing.T) {
	t.Helper()
	const install = "this test runs the README's scripts and needs bash, the AWS CLI (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html), " +
		"python3 and boto3 (python3 -m pip install boto3)"
	for _, name := range []string{"bash", "aws", "python3"} {
		if _, err := exec.LookPath(name); err != nil {
			t.Fatalf("%s is not installed: %v; %s", name, err, install)
		}
	}
	if out, err := exec.Command("python3", "-c", "import boto3").CombinedOutput(); err != nil {
		t.Fatalf("python3 cannot import boto3: %v\n%s%s", err, out, install)
	}
}

// run runs a command with MRKSIM set to endpoint and returns its output.
func run(t *testing.T, endpoint string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "MRKSIM="+endpoint, "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

var keyLine = regexp.MustCompile(`^key mrk-[0-9a-f]{32}\n`)

// TestScripts runs kms-cli.sh with the aws CLI, resets the world, and runs
// kms_boto3.py: each sees its replica Creating, then Enabled once the clock
// moves 5 s (SPEC §11), and decrypts in eu-west-1 what us-east-1 encrypted
// (R9.1). With the same seed and a reset in between, both make the same key.
func TestScripts(t *testing.T) {
	requireTools(t)
	endpoint := startMrksim(t)
	cli := run(t, endpoint, "bash", "kms-cli.sh")
	want := "replica Creating\nreplica Enabled\ndecrypted in eu-west-1: hello\n"
	if !keyLine.MatchString(cli) || keyLine.ReplaceAllString(cli, "") != want {
		t.Errorf("kms-cli.sh printed:\n%s", cli)
	}
	resp, err := http.Post(endpoint+"/_mrksim/reset", "application/json", nil)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("reset: %v %v", err, resp)
	}
	py := run(t, endpoint, "python3", "kms_boto3.py")
	want = "replica Creating\nupdate-primary-region from the replica: KMSInvalidStateException\nreplica Enabled\ndecrypted in eu-west-1: hello\n"
	if !keyLine.MatchString(py) || keyLine.ReplaceAllString(py, "") != want {
		t.Errorf("kms_boto3.py printed:\n%s", py)
	}
	if keyLine.FindString(cli) != keyLine.FindString(py) {
		t.Errorf("after a reset the same seed made %q and %q", keyLine.FindString(cli), keyLine.FindString(py))
	}
}
