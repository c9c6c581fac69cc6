package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoombot/zoombot/internal/pgtest"
)

// TestSmoke is issue 8's CI run: 100 commands against the real bot binary
// must end with none lost and none duplicated. Timings are printed, never
// asserted: they depend on the machine. ZOOMBENCH_BOT names a prebuilt
// zoombot to use instead of building one.
func TestSmoke(t *testing.T) {
	smoke(t, "-commands", "100", "-users", "20")
}

// TestSmokeThreeReplicasOnPostgres is the same with three bot processes
// sharing a PostgreSQL database (issue 15).
func TestSmokeThreeReplicasOnPostgres(t *testing.T) {
	if ok, why := pgtest.Available(); !ok {
		if os.Getenv(pgtest.EnvRequire) == "1" {
			t.Fatalf("PostgreSQL is required: %s", why)
		}
		t.Skipf("PostgreSQL tests skipped: %s", why)
	}
	smoke(t, "-commands", "100", "-users", "20", "-replicas", "3", "-database", "postgres")
}

func smoke(t *testing.T, flags ...string) {
	if testing.Short() {
		t.Skip("builds and runs the bot binary")
	}
	if _, err := exec.LookPath("go"); err != nil && os.Getenv("ZOOMBENCH_BOT") == "" {
		t.Skip("no go tool to build zoombot, and ZOOMBENCH_BOT is not set")
	}
	bin := os.Getenv("ZOOMBENCH_BOT")
	if bin == "" {
		bin = smokeBot(t)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	args := append(flags, "-json", "-bot", bin)
	code := run(ctx, args, &stdout, &stderr)
	var r results
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("exit %d, output is not JSON: %v\nstdout: %s\nstderr: %s", code, err, stdout.String(), stderr.String())
	}
	var table bytes.Buffer
	if err := writeTable(&table, &r); err != nil {
		t.Fatal(err)
	}
	t.Logf("timings (not asserted):\n%s", table.String())
	if r.Commands != 100 || r.Ack.N != 100 {
		t.Errorf("%d commands, %d acked; want 100 and 100", r.Commands, r.Ack.N)
	}
	if r.Lost != 0 || r.Duplicates != 0 || r.Orphans != 0 {
		t.Errorf("lost %d, duplicates %d, Zoom meetings without a row %d; want 0 each", r.Lost, r.Duplicates, r.Orphans)
	}
	if r.User429 != 0 {
		t.Errorf("%d users saw a Zoom rate-limit message; want 0", r.User429)
	}
	if code != 0 {
		t.Errorf("exit code %d, want 0; stderr: %s", code, stderr.String())
	}
}

// smokeBuild is the zoombot binary the smoke runs share. Its build has a
// budget of its own: on a fresh clone (a new build cache) it compiles the
// whole module while other packages' tests compile too.
var smokeBuild struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

func smokeBot(t *testing.T) string {
	t.Helper()
	smokeBuild.once.Do(func() {
		if smokeBuild.dir, smokeBuild.err = os.MkdirTemp("", "zoombench-smoke-"); smokeBuild.err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		smokeBuild.bin, smokeBuild.err = buildBot(ctx, smokeBuild.dir)
	})
	if smokeBuild.err != nil {
		t.Fatal(smokeBuild.err)
	}
	return smokeBuild.bin
}

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	if smokeBuild.dir != "" {
		os.RemoveAll(smokeBuild.dir)
	}
	os.Exit(code)
}

// TestFlags checks the flag rules that keep a run meaningful.
func TestFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"OK defaults", nil, ""},
		{"OK mix is normalised", []string{"-schedule", "2", "-list", "1", "-cancel", "1"}, ""},
		{"bad plan", []string{"-plan", "enterprise"}, "-plan"},
		{"no commands", []string{"-commands", "0"}, "-commands"},
		{"empty mix", []string{"-schedule", "0", "-list", "0", "-cancel", "0"}, "must not all be 0"},
		{"cancels need returning users", []string{"-first-time", "1"}, "returning users"},
		{"stray argument", []string{"x"}, "unexpected argument"},
		{"OK replicas on postgres", []string{"-replicas", "3", "-database", "postgres"}, ""},
		{"replicas need postgres", []string{"-replicas", "3"}, "needs -database postgres"},
		{"bad database", []string{"-database", "mysql"}, "-database"},
		{"too many replicas", []string{"-replicas", "11", "-database", "postgres"}, "-replicas"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := parseFlags(tt.args, &bytes.Buffer{})
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if sum := o.Schedule + o.List + o.Cancel; sum < 0.999 || sum > 1.001 {
					t.Fatalf("mix sums to %v, want 1", sum)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
	if code := run(context.Background(), []string{"-plan", "x"}, &bytes.Buffer{}, &bytes.Buffer{}); code != 2 {
		t.Errorf("bad flags exit %d, want 2", code)
	}
}

// TestWorkload checks the generated run: the mix, unique topics and
// channels, distinct slots per user, and cancels only by returning users.
func TestWorkload(t *testing.T) {
	o, err := parseFlags([]string{"-commands", "1000", "-users", "50", "-first-time", "0.2"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	w := newWorkload(o)
	if len(w.Users) != 50 || len(w.Commands) != 1000 {
		t.Fatalf("%d users, %d commands", len(w.Users), len(w.Commands))
	}
	kinds := map[kind]int{}
	topics, channels, slots := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, c := range w.Commands {
		kinds[c.Kind]++
		if channels[c.Channel] {
			t.Fatalf("channel %s used twice", c.Channel)
		}
		channels[c.Channel] = true
		switch c.Kind {
		case kindSchedule:
			if topics[c.Topic] || !strings.HasSuffix(c.Text, " "+c.Topic) {
				t.Fatalf("topic %q repeated or not at the end of %q", c.Topic, c.Text)
			}
			topics[c.Topic] = true
			slot := c.User + strings.TrimSuffix(c.Text, c.Topic)
			if slots[slot] {
				t.Fatalf("user %s asked twice for %q", c.User, c.Text)
			}
			slots[slot] = true
		case kindCancel:
			if w.user(c.User).ZoomID == "" {
				t.Fatalf("first-time user %s cancels", c.User)
			}
		}
	}
	for k, want := range map[kind]float64{kindSchedule: 0.8, kindList: 0.1, kindCancel: 0.1} {
		if got := float64(kinds[k]) / 1000; got < want-0.05 || got > want+0.05 {
			t.Errorf("%s share %.3f, want about %.2f", k, got, want)
		}
	}
	if first := firstTimeUsers(o); first != 10 || w.Users[9].ZoomID != "" || w.Users[10].ZoomID == "" {
		t.Errorf("first-time users: %d, want users 0-9 without a Zoom user", first)
	}
	// The same seed gives the same run.
	again := newWorkload(o)
	for i := range w.Commands {
		if w.Commands[i].Text != again.Commands[i].Text || w.Commands[i].User != again.Commands[i].User {
			t.Fatalf("command %d differs between runs with one seed", i)
		}
	}
}

// TestStats checks the percentile and rate helpers on fixed inputs.
func TestStats(t *testing.T) {
	ds := make([]time.Duration, 100)
	for i := range ds {
		ds[i] = time.Duration(100-i) * time.Millisecond // 100..1 ms, unsorted
	}
	got := dist(ds)
	want := latency{N: 100, P50: 50, P95: 95, P99: 99, Max: 100}
	if got != want {
		t.Errorf("dist = %+v, want %+v", got, want)
	}
	if (dist(nil) != latency{}) {
		t.Errorf("dist(nil) not zero")
	}
	t0 := time.Unix(1000, 0)
	var ts []time.Time
	for i := range 41 { // 41 events 50 ms apart: 20/s over 2 s
		ts = append(ts, t0.Add(time.Duration(i)*50*time.Millisecond))
	}
	if r := rate(ts); r < 19.99 || r > 20.01 {
		t.Errorf("rate = %v, want 20", r)
	}
	if p := peakPerSecond(ts); p != 20 {
		t.Errorf("peakPerSecond = %d, want 20", p)
	}
	if rate(ts[:1]) != 0 || peakPerSecond(nil) != 0 {
		t.Errorf("rate or peak of too few events not 0")
	}
}
