package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"regexp"
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

func TestSandboxDrivesFormHomeButtonsAndOutage(t *testing.T) {
	script := strings.Join([]string{
		":as bob America/Los_Angeles",
		":as ana",
		"/zoom",
		":fill topic=Too early time=00:01 date=2020-01-01",
		":fill topic=Design review date=2030-12-02 time=15:00 duration=45 invitees=@bob repeat=weekly count=4",
		":home",
		":click Start (host)",
		":as bob",
		":click Start (host)",
		":as ana",
		"/zoom schedule 2030-12-02 3:15pm overlap",
		":click Schedule anyway",
		":zoom down",
		"/zoom schedule 2030-12-05 9am while down",
		":zoom up",
		":wait 4s",
		":quit",
	}, "\n")
	got := playSandbox(t, script, 60*time.Second)
	for _, want := range []string{
		"for @ana (fill it",                       // the modal opened
		"! time: That time has passed",            // field errors come back
		"(form submitted)",                        //
		"Design review",                           // the meeting was posted
		"Repeats every Monday, 4 times",           // as a weekly series
		"DM to @bob",                              // the invitee's DM
		"App Home of @ana",                        // Home shows it
		"Start *Design review* as host",           // Start gave ana a link
		"Only the host, @ana, can start",          // and refused bob
		"You already host *Design review*",        // the clash warning
		"overlap",                                 // scheduled anyway
		"Zoom isn't answering; I'll keep trying",  // the outage notice
		"Zoom is back: *while down* is scheduled", // and its end
	} {
		if !strings.Contains(got, want) {
			t.Errorf("transcript lacks %q", want)
		}
	}
	for _, box := range strings.Split(got, "┌─ ")[1:] {
		if strings.Contains(box, "zak=") && !strings.HasPrefix(box, "DM to @ana") && !strings.Contains(box, "only @ana sees this") {
			t.Errorf("a start link where others can see it:\n%s", box)
		}
	}
	if t.Failed() {
		t.Logf("transcript:\n%s", got)
	}
}

// TestSandboxPlaysAMeetingsLife: ":zoom start|join|end|record|summary"
// make the fake Zoom send its signed webhooks to the bot, which posts the
// attendance, the recording and the summary.
func TestSandboxPlaysAMeetingsLife(t *testing.T) {
	script := strings.Join([]string{
		"/zoom schedule tomorrow 3pm standup",
		":zoom start",
		":as bob",
		":zoom join",
		":zoom join Guest Person",
		":as ana",
		":zoom end",
		":zoom record",
		":zoom summary",
		":home",
		":zoom record 999 9999 9999",
		":zoom fly",
		":quit",
	}, "\n")
	got := playSandbox(t, script, 30*time.Second)
	for _, want := range []string{
		"*Live now*",                     // meeting.started reached the bot
		"#general, in thread",            //
		"🎥 *Recording ready*",            // recording.completed
		"[Watch the recording] https://", //
		"DM to @ana",                     // the host's DM
		"in the meeting's thread in #general",
		"Recent recordings",           // the host's App Home
		"📝 *AI Companion summary*",    // meeting.summary_completed
		"*Next steps*",                //
		"no meeting 99999999999",      // an unknown id is reported
		"usage: :zoom start|join|end", //
	} {
		if !strings.Contains(got, want) {
			t.Errorf("transcript lacks %q", want)
		}
	}
	// meeting.ended, and the count of ana, bob and the guest. The sandbox's
	// clock is real and Zoom's times have whole seconds, so the meeting may
	// have "lasted 1 s" between the two.
	if !regexp.MustCompile(`Ended( · lasted \d+ s)? · 3 people joined`).MatchString(got) {
		t.Errorf("transcript lacks the ended meeting with 3 people joined")
	}
	// The recording link is only in the thread, the host's DM and the
	// host's App Home.
	for _, box := range strings.Split(got, "┌─ ")[1:] {
		if strings.Contains(box, "/rec/share/") && !strings.HasPrefix(box, "#general, in thread") &&
			!strings.HasPrefix(box, "DM to @ana") && !strings.HasPrefix(box, "App Home of @ana") {
			t.Errorf("a recording link where it does not belong:\n%s", box)
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

// TestSandboxBinaryRunsAnywhere builds zoombot as a user would and runs its
// sandbox from an empty folder with nothing beside it: it must need no file
// of the repository and leave none behind.
func TestSandboxBinaryRunsAnywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildZoombot(t)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "sandbox")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader("/zoom schedule tomorrow 3pm standup\n:quit\n")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("sandbox: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "[Join] https://") {
		t.Errorf("the sandbox did not answer with a Join link:\n%s", out)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("the sandbox left %d files in its working folder (first: %s)", len(left), left[0].Name())
	}
}

func TestSandboxMovesAndEdits(t *testing.T) {
	script := strings.Join([]string{
		":as bob America/Los_Angeles",
		":as ana",
		"/zoom schedule tomorrow 3pm standup",
		":click Edit",
		":fill topic=Daily standup time=16:00 duration=45 invitees=@bob",
		"/zoom move daily standup +30m",
		"/zoom move 313 1033 6928 to 4pm",
		":as bob",
		"/zoom move daily standup to 5pm",
		":click Edit",
		":quit",
	}, "\n")
	got := playSandbox(t, script, 30*time.Second)
	for _, want := range []string{
		`form "Edit meeting" for @ana`,                 // :click Edit opened the filled-in form
		"Topic (topic): standup",                       // with the meeting in it
		"#general, message updated",                    // the post changed in place
		"Daily standup",                                // to the new topic
		"Moved from",                                   // and says it moved
		"Moved *Daily standup*",                        // the host's answer
		"DM to @bob",                                   // the invitee hears of it
		"I don't know a meeting with ID 313 1033 6928", // a move never schedules
		"Only the host, @ana, can move",                // bob may not move it
		"Only the host, @ana, can edit",                // nor edit it
	} {
		if !strings.Contains(got, want) {
			t.Errorf("transcript lacks %q", want)
		}
	}
	if strings.Count(got, "Start the meeting as host") != 1 {
		t.Errorf("a move or an edit made another meeting")
	}
	if t.Failed() {
		t.Logf("transcript:\n%s", got)
	}
}

// playSandbox runs the sandbox on script and returns its transcript.
func playSandbox(t *testing.T, script string, limit time.Duration) string {
	t.Helper()
	var out, errOut strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	if err := run(ctx, []string{"sandbox"}, func(string) string { return "" }, strings.NewReader(script), &out, &errOut); err != nil {
		t.Fatalf("sandbox: %v\n%s", err, out.String())
	}
	return out.String()
}
