// Command docgen keeps the generated parts of the repository's README.md
// in sync with the code: the key-state diagram, drawn as Mermaid from the
// model's transition table (mrk.Edges); the list of operations, found by
// calling every operation of aws-sdk-go-v2's *kms.Client on a fresh world
// and sorting them into implemented and UnsupportedOperationException; and
// the example files the README quotes. Run it with go generate ./sim (the
// directive is in sim/doc.go); its test fails when README.md is stale.
//
// A generated part sits between two markers, which docgen keeps:
//
//	<!-- generated:states -->  ...  <!-- /generated -->
//	<!-- generated:operations -->  ...  <!-- /generated -->
//	<!-- generated:file examples/cli/kms-cli.sh -->  ...  <!-- /generated -->
package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/mrksim/mrk/mrk"
	"github.com/mrksim/mrk/sim"
)

func main() {
	check := flag.Bool("check", false, "only report whether README.md is up to date (exit 1 when stale)")
	flag.Parse()
	root, err := repoRoot()
	if err == nil {
		err = run(root, *check)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
}

// run regenerates root's README.md, or with check only compares it.
func run(root string, check bool) error {
	path := filepath.Join(root, "README.md")
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	fresh, err := Generate(root, old)
	if err != nil || bytes.Equal(old, fresh) {
		return err
	}
	if check {
		return errors.New("README.md is stale: run go generate ./sim")
	}
	return os.WriteFile(path, fresh, 0o644)
}

// repoRoot walks up from the working directory to the directory holding
// go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	for err == nil {
		if _, e := os.Stat(filepath.Join(dir, "go.mod")); e == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
	return "", err
}

var section = regexp.MustCompile(`(?s)(<!-- generated:([a-z]+)( [^ ]+)? -->\n).*?(<!-- /generated -->)`)

// Generate returns readme with every generated part rewritten; files the
// README quotes are read relative to root.
func Generate(root string, readme []byte) ([]byte, error) {
	var failure error
	out := section.ReplaceAllFunc(readme, func(m []byte) []byte {
		g := section.FindSubmatch(m)
		kind, arg := string(g[2]), strings.TrimSpace(string(g[3]))
		var body string
		var err error
		switch kind {
		case "states":
			body = StateDiagram()
		case "operations":
			body, err = OperationList()
		case "file":
			body, err = quote(root, arg)
		default:
			err = fmt.Errorf("unknown generated part %q", kind)
		}
		if err != nil {
			failure = cmp.Or(failure, err)
			return m
		}
		return []byte(string(g[1]) + body + string(g[4]))
	})
	return out, failure
}

// StateDiagram draws mrk.Edges as a Mermaid state diagram: one arrow per
// edge, labelled with its transition; [*] stands for "no key yet".
func StateDiagram() string {
	edges := make([]mrk.Edge, 0, len(mrk.Edges))
	for e := range mrk.Edges {
		edges = append(edges, e)
	}
	slices.SortFunc(edges, func(a, b mrk.Edge) int { // T1, T2, ... T14, then by label and states
		return cmp.Or(cmp.Compare(transition(a), transition(b)), cmp.Compare(mrk.Edges[a], mrk.Edges[b]),
			cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To))
	})
	var b strings.Builder
	b.WriteString("```mermaid\nstateDiagram-v2\n")
	for _, e := range edges {
		from := "[*]"
		if e.From != 0 {
			from = e.From.String()
		}
		fmt.Fprintf(&b, "    %s --> %s: %s\n", from, e.To, mrk.Edges[e])
	}
	b.WriteString("```\n")
	return b.String()
}

// transition is the number n of an edge labelled "Tn ...", or 0.
func transition(e mrk.Edge) int {
	var n int
	fmt.Sscanf(mrk.Edges[e], "T%d", &n)
	return n
}

// OperationList calls every operation of *kms.Client on a fresh world with
// an empty input and lists them by the answer: anything but
// UnsupportedOperationException means the simulator serves the operation
// (an empty input mostly fails validation, which is the operation's own
// answer); UnsupportedOperationException says whether the operation is not
// implemented yet or out of scope.
func OperationList() (string, error) {
	w := sim.New(sim.Options{Seed: 1})
	c := reflect.ValueOf(w.Client("us-east-1"))
	kt := reflect.TypeFor[*kms.Client]()
	ctxType := reflect.TypeFor[context.Context]()
	var served, notYet, outOfScope, missing []string
	for i := range kt.NumMethod() {
		m := kt.Method(i)
		if m.Type.NumIn() != 4 || m.Type.In(1) != ctxType || !strings.HasSuffix(m.Type.In(2).Elem().Name(), "Input") {
			continue
		}
		sm := c.MethodByName(m.Name)
		if !sm.IsValid() {
			missing = append(missing, m.Name)
			continue
		}
		res := sm.Call([]reflect.Value{reflect.ValueOf(context.Background()), reflect.New(m.Type.In(2).Elem())})
		err, _ := res[1].Interface().(error)
		var u *types.UnsupportedOperationException
		switch {
		case !errors.As(err, &u):
			served = append(served, m.Name)
		case strings.Contains(u.ErrorMessage(), "not implemented yet"):
			notYet = append(notYet, m.Name)
		default:
			outOfScope = append(outOfScope, m.Name)
		}
	}
	if len(missing) > 0 {
		return "", fmt.Errorf("*sim.Client lacks %v of *kms.Client", missing)
	}
	var b strings.Builder
	list := func(title string, ops []string) {
		if len(ops) > 0 {
			fmt.Fprintf(&b, "%s (%d): %s.\n\n", title, len(ops), "`"+strings.Join(ops, "`, `")+"`")
		}
	}
	list("**Implemented**", served)
	list("**Not implemented yet**, answering `UnsupportedOperationException` that says so", notYet)
	list("**Out of scope** (custom key stores), answering `UnsupportedOperationException`", outOfScope)
	return b.String(), nil
}

// quote returns the file at root/rel as a fenced code block.
func quote(root, rel string) (string, error) {
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return "", err
	}
	lang := map[string]string{".sh": "sh", ".py": "python", ".go": "go"}[filepath.Ext(rel)]
	return "```" + lang + "\n" + strings.TrimRight(string(data), "\n") + "\n```\n", nil
}
