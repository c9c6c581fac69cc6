package bot

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/zoombot/zoombot/storage"
)

// benchUpcoming is a full list (listLimit items), half of them a series
// someone else hosts, as /zoom list and the App Home render it.
func benchUpcoming() []storage.Upcoming {
	var items []storage.Upcoming
	for i := range listLimit {
		m := *goldenMeeting()
		if i%2 == 1 {
			m = *goldenSeries()
			m.RequesterID = "ULI"
		}
		m.ID += int64(i)
		m.Topic = fmt.Sprintf("%s #%d", m.Topic, i)
		start := m.Start.Add(time.Duration(i) * 24 * time.Hour)
		items = append(items, storage.Upcoming{Meeting: m, Occurrence: storage.Occurrence{Start: start, Duration: m.Duration}})
	}
	return items
}

// BenchmarkRender measures building each Block Kit payload the bot sends,
// and building plus encoding it to JSON, which is what leaves the process.
// Inputs are the golden tests' fixed meetings.
func BenchmarkRender(b *testing.B) {
	ny, _ := time.LoadLocation("America/New_York")
	now := time.Date(2026, 11, 27, 20, 7, 0, 0, time.UTC)
	items := benchUpcoming()
	cases := []struct {
		name   string
		render func() any
	}{
		{"meetingMessage", func() any { return msg(meetingMessage(goldenMeeting(), "https://bot.example.test/ics/1.ics?t=abc")) }},
		{"meetingMessage/series", func() any { return msg(meetingMessage(goldenSeries(), "")) }},
		{"listMessage/15", func() any { return msg(listMessage(items, "UANA")) }},
		{"homeView/15", func() any { return homeView(items, "UANA") }},
		{"scheduleModal", func() any {
			return scheduleModal(formPrefill{Topic: "planning", Channel: "C1"}, 30*time.Minute, now, ny)
		}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = c.render()
			}
		})
		b.Run(c.name+"+json", func(b *testing.B) {
			b.ReportAllocs()
			var size int
			for b.Loop() {
				raw, err := json.Marshal(c.render())
				if err != nil {
					b.Fatal(err)
				}
				size = len(raw)
			}
			b.ReportMetric(float64(size), "bytes")
		})
	}
}
