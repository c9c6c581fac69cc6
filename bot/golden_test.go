package bot

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/storage"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares v, as indented JSON, with testdata/name.golden.json.
func golden(t *testing.T, name string, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep <!date…> and <@U…> readable in the files
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	got := buf.Bytes()
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot -run Golden -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from %s (rerun with -update if the change is intended):\n%s", name, path, got)
	}
	return got
}

func goldenMeeting() *storage.Meeting {
	start := time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC)
	return &storage.Meeting{
		ID: 81234567890, UUID: "abc==", HostZoomUserID: "zu1", TeamID: "T1", ChannelID: "C1", RequesterID: "UANA",
		Topic: "Design review <!channel> & <@UKEN|ken>", Start: start, Duration: 45 * time.Minute,
		Timezone: "America/New_York", JoinURL: "https://zoom.example.test/j/81234567890?pwd=xyz", Passcode: "rev42",
		Status: storage.StatusScheduled, MessageChannel: "C1", MessageTS: "1700000000.000100",
	}
}

func goldenSeries() *storage.Meeting {
	m := goldenMeeting()
	m.Topic = "Standup"
	raw, _ := json.Marshal(storedRecurrence{Text: "every Monday, 10 times", Freq: "WEEKLY", Interval: 1, ByDay: "MO", Count: 10})
	m.Recurrence = string(raw)
	return m
}

type renderedMessage struct {
	Text   string        `json:"text"`
	Blocks []slack.Block `json:"blocks"`
}

func msg(text string, blocks []slack.Block) renderedMessage { return renderedMessage{text, blocks} }

func TestGoldenBlockKit(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	cancelled := goldenMeeting()
	cancelled.Status, cancelled.CancelledBy, cancelled.CancelledAt = storage.StatusCancelled, "UANA", time.Date(2026, 11, 28, 14, 0, 0, 0, time.UTC)
	live := goldenMeeting()
	live.Status, live.StartedAt = storage.StatusStarted, live.Start.Add(2*time.Minute)
	ended := goldenMeeting()
	ended.Status, ended.StartedAt, ended.EndedAt = storage.StatusEnded, live.StartedAt, live.StartedAt.Add(42*time.Minute)
	guest := *goldenSeries()
	guest.ID, guest.RequesterID = 81234567891, "ULI"
	home := homeView([]storage.Upcoming{
		{Meeting: *goldenMeeting(), Occurrence: storage.Occurrence{Start: goldenMeeting().Start, Duration: 45 * time.Minute}},
		{Meeting: guest, Occurrence: storage.Occurrence{Start: guest.Start.AddDate(0, 0, 7), Duration: 45 * time.Minute}},
	}, "UANA")
	moved := goldenMeeting()
	moved.Moved = storage.Move{From: moved.Start.Add(-time.Hour), By: "UANA"}
	movedOne := goldenSeries()
	movedOne.Occurrences = []storage.Occurrence{{OccurrenceID: "1796068800000", Start: movedOne.Start.AddDate(0, 0, 8), Duration: 45 * time.Minute}}
	movedOne.Moved = storage.Move{From: movedOne.Start.AddDate(0, 0, 7), By: "UANA", OccurrenceID: "1796068800000"}
	moveOne := changeInput{OccurrenceID: "1796068800000", Start: movedOne.Occurrences[0].Start,
		Before: changeBefore{Start: movedOne.Start.AddDate(0, 0, 7), Duration: 45 * time.Minute, Topic: "Standup"}}
	editForm := editModal(editMetadata{Meeting: 81234567890, Occurrence: "1796068800000", Channel: "C1", TZ: "America/New_York",
		Topic: "Standup", Start: goldenSeries().Start, Duration: 45 * time.Minute,
		Options: meetingOptions{Passcode: "rev42", WaitingRoom: true}, Invitees: []string{"UKEN"}},
		true, false, 30*time.Minute, time.Date(2026, 11, 27, 20, 7, 0, 0, time.UTC), ny)
	cases := map[string]any{
		"channel_message_moved":     msg(meetingMessage(moved, "")),
		"channel_message_moved_one": msg(meetingMessage(movedOne, "")),
		"change_dm":                 msg(changeDM(movedOne, moveOne, tokyo)),
		"edit_modal":                editForm,
		"channel_message":           msg(meetingMessage(goldenMeeting(), "https://bot.example.test/ics/81234567890.ics?t=abc")),
		"channel_message_series":    msg(meetingMessage(goldenSeries(), "")),
		"channel_message_cancelled": msg(meetingMessage(cancelled, "")),
		"channel_message_live":      msg(meetingMessage(live, "")),
		"channel_message_ended":     msg(meetingMessage(ended, "")),
		"host_dm":                   msg(hostDM(goldenMeeting(), "https://zoom.example.test/s/81234567890?zak=SECRET", true)),
		"invite_dm":                 msg(inviteDM(goldenMeeting(), tokyo)),
		"reminder":                  msg(reminderMessage(goldenMeeting(), goldenMeeting().Start, 10*time.Minute)),
		"modal":                     scheduleModal(formPrefill{Topic: "planning", Channel: "C1"}, 30*time.Minute, time.Date(2026, 11, 27, 20, 7, 0, 0, time.UTC), ny),
		"app_home":                  home,
	}
	for name, v := range cases {
		t.Run(name, func(t *testing.T) { golden(t, name, v) })
	}
}
