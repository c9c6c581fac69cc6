package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"
)

func TestSandboxScript(t *testing.T) {
	script := strings.Join([]string{
		"# a comment line is skipped",
		"/zoom schedule tomorrow 3pm standup",
		":as bob America/Los_Angeles",
		"/zoom list",
		"/zoom cancel 123",
		":as ana",
		"/zoom list",
		":click Join",
		":click Nonexistent",
		"/zoom help",
		":quit",
	}, "\n")
	var out, errOut strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := run(ctx, []string{"sandbox", "-tz", "America/New_York"}, func(string) string { return "" }, strings.NewReader(script), &out, &errOut)
	if err != nil {
		t.Fatalf("sandbox: %v\nstderr:\n%s\nstdout:\n%s", err, errOut.String(), out.String())
	}
	got := out.String()
	for _, want := range []string{
		"┌─ #general",                       // the meeting lands in the channel
		"standup",                           //
		"[Join] https://",                   // with its join button
		"┌─ DM to @ana",                     // the host's DM
		"zak=",                              // carries the start link
		"(you are now @bob",                 // :as switches user
		"only @bob sees this",               // ephemeral replies are marked
		"You have no upcoming",              // bob has none
		"Which meeting?",                    // a bad cancel gets advice
		"Your upcoming meetings",            // ana has one
		"(opens https://",                   // clicking Join opens the link
		`no button "Nonexistent"`,           // a missing button is reported, not fatal
		"Schedule Zoom meetings from Slack", // help
	} {
		if !strings.Contains(got, want) {
			t.Errorf("transcript lacks %q", want)
		}
	}
	// The start link only ever appears inside the host's DM box.
	for _, box := range strings.Split(got, "┌─ ")[1:] {
		if strings.Contains(box, "zak=") && !strings.HasPrefix(box, "DM to @ana") {
			t.Errorf("a start link outside the host's DM:\n%s", box)
		}
	}
	if t.Failed() {
		t.Logf("transcript:\n%s", got)
	}
}

func TestSandboxRejectsBadZone(t *testing.T) {
	err := run(context.Background(), []string{"sandbox", "-tz", "Mars/Olympus"}, func(string) string { return "" }, strings.NewReader(""), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "Mars/Olympus") {
		t.Fatalf("err = %v", err)
	}
}
