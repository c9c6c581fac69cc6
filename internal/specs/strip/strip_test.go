package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/zoombot/zoombot/internal/specs"
)

func TestStrip(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"prose keywords go",
			`{"summary":"s","description":"d","example":1,"examples":{"a":{}},"externalDocs":{"url":"u"},"type":"object"}`,
			`{"type":"object"}`},
		{"properties named like keywords stay",
			`{"properties":{"description":{"type":"string","description":"the text"},"example":{"type":"integer","maximum":9999999999}}}`,
			`{"properties":{"description":{"type":"string"},"example":{"type":"integer","maximum":9999999999}}}`},
		{"structure stays",
			`{"paths":{"/m/{id}":{"patch":{"parameters":[{"name":"id","in":"path","required":true,"description":"x","schema":{"type":"string","format":"int64","enum":["1","2"],"maxLength":3}}]}}}}`,
			`{"paths":{"/m/{id}":{"patch":{"parameters":[{"in":"path","name":"id","required":true,"schema":{"enum":["1","2"],"format":"int64","maxLength":3,"type":"string"}}]}}}}`},
		{"responses keep a blank description, info keeps title and version",
			`{"info":{"title":"Zoom","version":"2.0.0","description":"d"},"responses":{"204":{"description":"No content"}}}`,
			`{"info":{"title":"Zoom","version":"2.0.0"},"responses":{"204":{"description":""}}}`},
		{"a schema title goes, a property called title stays",
			`{"title":"Meeting","properties":{"title":{"type":"string","title":"T"}}}`,
			`{"properties":{"title":{"type":"string"}}}`},
		{"faults the tests patch are kept",
			`{"properties":{"a":{"type ":"string","required":true}}}`,
			`{"properties":{"a":{"required":true,"type ":"string"}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Strip([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !jsonEqual(t, got, []byte(tt.want)) {
				t.Errorf("Strip(%s)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

// TestCommittedSpecsAreStripped keeps internal/specs as the tool writes it:
// stripping a committed document again changes nothing.
func TestCommittedSpecsAreStripped(t *testing.T) {
	for _, name := range []string{specs.ZoomMeetings, specs.ZoomUsers, specs.SlackWebAPI, specs.SlackManifest, specs.ZoomAfterMeeting} {
		raw, err := specs.Read(name)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Strip(raw)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(raw, again) {
			t.Errorf("%s is not the output of strip; refresh it with go run ./internal/specs/strip", name)
		}
	}
}

func TestRunWritesFile(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.json"), filepath.Join(dir, "out.json")
	if err := os.WriteFile(in, []byte(`{"description":"d","type":"string"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"-o", out, in}, nil); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if want := "{\n \"type\": \"string\"\n}\n"; string(got) != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
	if err := run(nil, nil); err == nil {
		t.Error("run without an input file succeeded")
	}
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(x, y)
}
