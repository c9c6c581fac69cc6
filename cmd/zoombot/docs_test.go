package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/zoombot/zoombot/metrics"
)

// TestDeployDocMatchesCode keeps docs/deploying.md true: its settings table
// lists exactly the settings with their flags and defaults, every env var
// it or the Dockerfile names exists, and its metrics are the real families.
func TestDeployDocMatchesCode(t *testing.T) {
	doc := readRepoFile(t, "docs/deploying.md")
	dockerfile := readRepoFile(t, "Dockerfile")
	list := settings(map[string]*string{})

	row := regexp.MustCompile("(?m)^\\| `([A-Z_]+)` \\| `-([a-z-]+)` \\| ?(`[^`]*`)? ?\\|")
	var documented []string
	for _, m := range row.FindAllStringSubmatch(doc, -1) {
		documented = append(documented, m[1])
		i := slices.IndexFunc(list, func(s setting) bool { return s.env == m[1] })
		if i < 0 {
			t.Errorf("the doc's table lists %s, which is no setting", m[1])
			continue
		}
		if s := list[i]; s.flag != m[2] || "`"+s.def+"`" != m[3] && !(s.def == "" && m[3] == "") {
			t.Errorf("%s: doc says flag -%s default %s; code says -%s default %q", m[1], m[2], m[3], s.flag, s.def)
		}
	}
	for _, s := range list {
		if !slices.Contains(documented, s.env) {
			t.Errorf("the doc's settings table lacks %s", s.env)
		}
	}

	envName := regexp.MustCompile(`\b(?:SLACK|ZOOM|ZOOMBOT)_[A-Z_]+\b`)
	for _, src := range []struct{ name, text string }{{"docs/deploying.md", doc}, {"Dockerfile", dockerfile}} {
		for _, name := range envName.FindAllString(src.text, -1) {
			if !slices.ContainsFunc(list, func(s setting) bool { return s.env == name }) {
				t.Errorf("%s names %s, which is no setting", src.name, name)
			}
		}
	}
	for _, line := range []string{"ENV ZOOMBOT_DB=/data/zoombot.db", "ENV ZOOMBOT_HTTP_ADDR=:8080", `HEALTHCHECK`, `"healthcheck"]`} {
		if !strings.Contains(dockerfile, line) {
			t.Errorf("the Dockerfile lacks %q, which the doc describes", line)
		}
	}

	family := regexp.MustCompile("`(zoombot_[a-z_]+)")
	var named []string
	for _, m := range family.FindAllStringSubmatch(doc, -1) {
		named = append(named, m[1])
		if !slices.Contains(metrics.Families, m[1]) {
			t.Errorf("the doc names the metric %s, which does not exist", m[1])
		}
	}
	for _, f := range metrics.Families {
		if !slices.Contains(named, f) {
			t.Errorf("the doc does not list the metric %s", f)
		}
	}
}

func readRepoFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile("../../" + path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
