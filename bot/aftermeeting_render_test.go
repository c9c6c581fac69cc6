package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
)

func goldenInstance() *storage.Instance {
	start := goldenMeeting().Start.Add(3 * time.Minute)
	return &storage.Instance{
		UUID: "4444AAAiAAAAAiAiAiiAii==", MeetingID: 81234567890, StartedAt: start, EndedAt: start.Add(42 * time.Minute), Participants: 5,
		Recording: storage.Recording{URL: "https://zoom.example.test/rec/share/abc", Passcode: "x<y&z", Start: start.Add(time.Minute), Length: 41*time.Minute + 20*time.Second},
	}
}

func goldenSummary() *zoom.MeetingSummary {
	return &zoom.MeetingSummary{
		SummaryOverview: "The team reviewed the design <!channel> & agreed on the API.",
		NextSteps:       []string{"Ana writes the spec", "Ken books a review <@UKEN>"},
		SummaryDocURL:   "https://docs.zoom.example.test/doc/abc?x=1&y=2",
	}
}

func TestGoldenAfterMeeting(t *testing.T) {
	ended := goldenMeeting()
	ended.Status, ended.StartedAt, ended.EndedAt, ended.Attended = storage.StatusEnded, goldenInstance().StartedAt, goldenInstance().EndedAt, 5
	long := goldenSummary()
	long.SummaryOverview = strings.Repeat("Word & <more> words. ", 300)
	for i := range 200 {
		long.NextSteps = append(long.NextSteps, fmt.Sprintf("Step number %d, to be done by someone", i))
	}
	home := homeView(nil, "UANA")
	home.Blocks.BlockSet = append(home.Blocks.BlockSet, recordingsHome([]storage.HostRecording{
		{MeetingID: 81234567890, Topic: "Design review <!here>", Timezone: "America/New_York", UUID: "u1", StartedAt: goldenInstance().StartedAt, Recording: goldenInstance().Recording},
		{MeetingID: 81234567891, Topic: "Standup", Timezone: "Europe/Berlin", UUID: "u2", Recording: storage.Recording{URL: "https://zoom.example.test/rec/share/def", Start: goldenInstance().StartedAt.AddDate(0, 0, -1), Length: 15 * time.Minute}},
	})...)
	cases := map[string]any{
		"channel_message_ended_attendance": msg(meetingMessage(ended, "")),
		"recording_reply":                  msg(recordingReply(goldenMeeting(), goldenInstance())),
		"recording_dm":                     msg(recordingDM(goldenMeeting(), goldenInstance())),
		"summary_reply":                    msg(summaryReply(goldenMeeting(), goldenInstance(), goldenSummary())),
		"summary_reply_cut":                msg(summaryReply(goldenMeeting(), goldenInstance(), long)),
		"app_home_recordings":              home,
	}
	for name, v := range cases {
		t.Run(name, func(t *testing.T) { golden(t, name, v) })
	}
}

func TestPeopleJoined(t *testing.T) {
	if peopleJoined(1) != "1 person joined" || peopleJoined(3) != "3 people joined" {
		t.Errorf("%q %q", peopleJoined(1), peopleJoined(3))
	}
	m := goldenMeeting()
	m.Status, m.StartedAt, m.EndedAt = storage.StatusEnded, m.Start, m.Start.Add(42*time.Minute)
	if _, blocks := meetingMessage(m, ""); strings.Contains(blockText(blocks), "joined") {
		t.Error("a count that is not known is shown")
	}
}

func blockText(blocks []slack.Block) string {
	b, _ := json.Marshal(blocks)
	return string(b)
}

func TestClip(t *testing.T) {
	tests := []struct {
		in      string
		max     int
		want    string
		wantCut bool
	}{
		{"short & sweet", 100, "short &amp; sweet", false},
		{"one two three four", 12, "one two…", true},
		{"a&b", 5, "a…", true},   // &amp; is never cut in two
		{"🚗🚗🚗🚗", 5, "🚗🚗…", true}, // each car is two UTF-16 units, as Slack counts
		{"anything", 0, "", true},
		{"  padded  ", 10, "padded", false},
	}
	for _, tt := range tests {
		got, cut := clip(tt.in, tt.max)
		if got != tt.want || cut != tt.wantCut {
			t.Errorf("clip(%q, %d) = %q, %v; want %q, %v", tt.in, tt.max, got, cut, tt.want, tt.wantCut)
		}
		if utf16Len(got) > max(tt.max, 0) {
			t.Errorf("clip(%q, %d) is %d long", tt.in, tt.max, utf16Len(got))
		}
	}
}

func TestBulletList(t *testing.T) {
	got, cut := bulletList([]string{"a", "b <c>"}, 100)
	if got != "• a\n• b &lt;c&gt;" || cut {
		t.Errorf("short list: %q %v", got, cut)
	}
	for _, n := range []int{1, 3, 50, 500} {
		for _, size := range []int{10, 200, 5000} {
			var steps []string
			for i := range n {
				steps = append(steps, fmt.Sprintf("%d ", i)+strings.Repeat("x", size))
			}
			got, cut := bulletList(steps, 3000-len("*Next steps*\n"))
			if utf16Len(got) > 3000-len("*Next steps*\n") {
				t.Errorf("%d steps of %d: %d long", n, size, utf16Len(got))
			}
			if wantCut := n*(size+8) > 3000; cut != wantCut && size != 200 {
				t.Errorf("%d steps of %d: cut %v", n, size, cut)
			}
			if cut && n > 1 && !strings.Contains(got, "more") {
				t.Errorf("%d steps of %d: the cut list does not say how many were left out: %q", n, size, got[len(got)-40:])
			}
		}
	}
}

func TestSummaryReplyWithinLimits(t *testing.T) {
	for _, size := range []int{0, 10, 2990, 3000, 100000} {
		sum := &zoom.MeetingSummary{SummaryOverview: strings.Repeat("é<", size/2), NextSteps: []string{strings.Repeat("s", size)}}
		_, blocks := summaryReply(goldenMeeting(), goldenInstance(), sum)
		for _, b := range blocks {
			if s, ok := b.(*slack.SectionBlock); ok && utf16Len(s.Text.Text) > 3000 {
				t.Errorf("overview of %d: a section of %d", size, utf16Len(s.Text.Text))
			}
		}
	}
}

func TestOverviewFallbacks(t *testing.T) {
	tests := []struct {
		sum  zoom.MeetingSummary
		want string
	}{
		{zoom.MeetingSummary{SummaryOverview: "O", SummaryContent: "C"}, "O"},
		{zoom.MeetingSummary{EditedSummary: &zoom.EditedSummary{SummaryDetails: "Edited"}}, "Edited"},
		{zoom.MeetingSummary{SummaryDetails: []zoom.SummaryDetail{{Label: "Plan", Summary: "Ship"}, {Label: "Risks", Summary: "None"}}}, "Plan: Ship\nRisks: None"},
		{zoom.MeetingSummary{SummaryContent: "## Quick recap\n**Ana** agreed.\n- ship it\n* test it"}, "Quick recap\nAna agreed.\n• ship it\n• test it"},
		{zoom.MeetingSummary{}, "Zoom sent an empty summary."},
	}
	for _, tt := range tests {
		if got := overviewOf(&tt.sum); got != tt.want {
			t.Errorf("overviewOf(%+v) = %q, want %q", tt.sum, got, tt.want)
		}
	}
	edited := &zoom.MeetingSummary{NextSteps: []string{"old"}, EditedSummary: &zoom.EditedSummary{NextSteps: []string{"new"}}}
	if got := nextStepsOf(edited); len(got) != 1 || got[0] != "new" {
		t.Errorf("the host's edited next steps were not preferred: %q", got)
	}
}

func TestSafeURL(t *testing.T) {
	for u, ok := range map[string]bool{
		"https://zoom.us/rec/share/abc?pwd=1": true,
		"http://zoom.example.test/x":          true,
		"javascript:alert(1)":                 false,
		"https://x/a|b":                       false,
		"https://x/<!channel>":                false,
		"/relative":                           false,
		"":                                    false,
	} {
		if got := safeURL(u) != ""; got != ok {
			t.Errorf("safeURL(%q) accepted %v, want %v", u, got, ok)
		}
	}
}
