// Package testenv finds files that tests share, such as the API specs in
// ../shared/specs beside the repository. Only tests import it.
package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

// SpecPath returns the path of a file in ../shared/specs, relative to the
// module root, and skips nothing: a missing spec fails the test, because CI has
// the specs at that path.
func SpecPath(tb testing.TB, name string) string {
	tb.Helper()
	root := ModuleRoot(tb)
	p := filepath.Join(root, "..", "shared", "specs", name)
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("spec %s: %v (tests expect ../shared/specs beside the checkout)", name, err)
	}
	return p
}

// ModuleRoot walks up from the working directory to the directory holding go.mod.
func ModuleRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("go.mod not found above the working directory")
		}
		dir = parent
	}
}
