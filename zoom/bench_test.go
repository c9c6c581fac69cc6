package zoom

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkCreateMeetingRoundTrip measures the client's own cost of a create:
// encoding, one HTTP round trip over loopback to a minimal handler, checking
// the status and decoding the 201 reply. Limits are off so only the client
// and the loopback round trip are measured.
func BenchmarkCreateMeetingRoundTrip(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, createdMeeting)
	}))
	defer srv.Close()
	c, err := NewClient(Config{BaseURL: srv.URL + "/v2", Auth: &staticToken{}, Plan: PlanUnlimited})
	if err != nil {
		b.Fatal(err)
	}
	req := &MeetingRequest{Topic: "standup", Type: MeetingScheduled, Duration: 30, Timezone: "Europe/Berlin",
		StartTime: referenceTime, DefaultPassword: true, Settings: &Settings{WaitingRoom: ptr(true)}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		m, err := c.CreateMeeting(ctx, "u123@bot.example.com", req)
		if err != nil || m.ID != 82931897821 {
			b.Fatalf("m, err = %v, %v", m, err)
		}
	}
}
