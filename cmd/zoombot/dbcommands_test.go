package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zoombot/zoombot/internal/pgtest"
	"github.com/zoombot/zoombot/storage"
)

func runCmd(t *testing.T, env map[string]string, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, envMap(env), strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

// TestMigrateExportImport moves a team from SQLite to PostgreSQL and back
// with the commands an operator types, and nothing needs Slack or Zoom.
func TestMigrateExportImport(t *testing.T) {
	dir := t.TempDir()
	lite := map[string]string{"ZOOMBOT_DB": filepath.Join(dir, "zoombot.db")}
	out, _, err := runCmd(t, lite, "", "migrate")
	if err != nil || !strings.Contains(out, "applied 0001_init.sql") {
		t.Fatalf("migrate: %q, %v", out, err)
	}
	if out, _, err := runCmd(t, lite, "", "migrate"); err != nil || !strings.Contains(out, "nothing to do") {
		t.Fatalf("migrate again: %q, %v", out, err)
	}
	db, err := storage.Open(context.Background(), lite["ZOOMBOT_DB"])
	if err != nil {
		t.Fatal(err)
	}
	if err := db.PutUserMapping(context.Background(), &storage.UserMapping{TeamID: "T1", SlackUserID: "U1", ZoomUserID: "z1", ZoomEmail: "a@example.com"}); err != nil {
		t.Fatal(err)
	}
	if err := db.AddPoolHost(context.Background(), &storage.PoolHost{ZoomUserID: "p1", Email: "p1@example.com"}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	dump := filepath.Join(dir, "export.jsonl")
	if _, errOut, err := runCmd(t, lite, "", "export", "-o", dump); err != nil || !strings.Contains(errOut, "user_mappings 1") {
		t.Fatalf("export: %q, %v", errOut, err)
	}
	if fi, err := os.Stat(dump); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("export file: %v, %v", fi, err)
	}
	if _, _, err := runCmd(t, lite, "", "export", "-o", dump); err == nil {
		t.Error("export overwrote an existing file")
	}

	pg := map[string]string{"ZOOMBOT_DATABASE_URL": pgtest.NewDatabase(t)}
	if _, errOut, err := runCmd(t, pg, "", "import", "-i", dump); err != nil || !strings.Contains(errOut, "pool_hosts 1") {
		t.Fatalf("import into PostgreSQL: %q, %v", errOut, err)
	}
	if _, _, err := runCmd(t, pg, "", "import", "-i", dump); err == nil || !strings.Contains(err.Error(), "already holds data") {
		t.Fatalf("a second import: %v", err)
	}
	fromPG, _, err := runCmd(t, pg, "", "export")
	if err != nil {
		t.Fatal(err)
	}
	first, _ := os.ReadFile(dump)
	_, rows1, _ := strings.Cut(string(first), "\n")
	_, rows2, _ := strings.Cut(fromPG, "\n")
	if rows1 != rows2 {
		t.Fatalf("PostgreSQL holds other rows than SQLite did:\n%s\n---\n%s", rows1, rows2)
	}
	back := map[string]string{"ZOOMBOT_DB": filepath.Join(dir, "back.db")}
	if _, _, err := runCmd(t, back, fromPG, "import"); err != nil {
		t.Fatalf("import back into SQLite: %v", err)
	}
}
