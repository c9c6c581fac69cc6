package storage

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// grandfathered are released files that break the numbering rule
// (migrations/README.md); they keep their names because databases in the
// field have recorded them.
var grandfathered = map[string]bool{"0003_meeting_lifecycle.sql": true, "0003_pool_hosts.sql": true}

// TestMigrationNames holds new migration files to the rule in
// migrations/README.md: NNNN_name.sql, numbers unique and increasing.
// Both engines have the same migrations, by name.
func TestMigrationNames(t *testing.T) {
	names, err := sqliteEngine.migrationNames()
	if err != nil {
		t.Fatal(err)
	}
	if err := checkMigrationNames(names); err != nil {
		t.Error(err)
	}
	pg, err := postgresEngine.migrationNames()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, pg) {
		t.Errorf("the engines' migrations differ:\n sqlite   %q\n postgres %q", names, pg)
	}
	for _, bad := range [][]string{
		{"0001_a.sql", "0004_b.sql", "0004_c.sql"},
		{"0001_a.sql", "4_b.sql"},
		{"0001_a.sql", "0002-b.sql"},
	} {
		if checkMigrationNames(bad) == nil {
			t.Errorf("checkMigrationNames(%q) accepted a broken sequence", bad)
		}
	}
}

func checkMigrationNames(names []string) error {
	last := 0
	for _, name := range names {
		num, rest, ok := strings.Cut(name, "_")
		n, err := strconv.Atoi(num)
		if !ok || err != nil || len(num) != 4 || rest == ".sql" {
			return fmt.Errorf("migration %s: want NNNN_what_it_does.sql", name)
		}
		if n <= last && !grandfathered[name] {
			return fmt.Errorf("migration %s: number %04d is not above %04d; take the next free number", name, n, last)
		}
		last = n
	}
	return nil
}
