package storage_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/zoombot/zoombot/storage"
)

func TestInspect(t *testing.T) { forEachEngine(t, testInspect) }

func testInspect(t *testing.T, e testEngine) {
	ctx := context.Background()
	target := e.fresh(t)
	before, err := storage.Inspect(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	if len(before.Pending) == 0 || before.Applied != 0 || !before.Writable || before.Newer {
		t.Fatalf("fresh database: %+v", before)
	}
	if e.name == "sqlite" {
		if before.Exists {
			t.Error("a missing file reported as existing")
		}
		if _, err := os.Stat(target); err == nil {
			t.Fatal("Inspect created the file")
		}
	}
	// Inspecting again changed nothing.
	again, err := storage.Inspect(ctx, target)
	if err != nil || !slices.Equal(again.Pending, before.Pending) {
		t.Fatalf("second Inspect: %+v, %v", again, err)
	}
	e.OpenAt(t, target)
	after, err := storage.Inspect(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	if !after.Exists || len(after.Pending) != 0 || after.Applied != len(before.Pending) || !after.Writable {
		t.Fatalf("migrated database: %+v", after)
	}
	if e.name == "sqlite" && after.Mode != 0o600 {
		t.Errorf("mode %v", after.Mode)
	}
}

func TestInspectSQLiteLeavesAnEmptyFolderEmpty(t *testing.T) {
	dir := t.TempDir()
	if _, err := storage.Inspect(context.Background(), filepath.Join(dir, "zoombot.db")); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Fatalf("Inspect left %d files", len(left))
	}
	if _, err := storage.Inspect(context.Background(), filepath.Join(dir, "no", "such", "zoombot.db")); err == nil {
		t.Error("a missing folder was not reported")
	}
}
