package zoom_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zoombot/zoombot/zoom"
)

// The usual set-up: Server-to-Server OAuth credentials, a client with the
// account's plan, and a create whose failure modes each mean something.
func Example() {
	ctx := context.Background()
	c, err := zoom.NewClient(zoom.Config{
		Auth: zoom.NewS2STokenSource(zoom.S2SConfig{AccountID: "acc", ClientID: "id", ClientSecret: "secret"}),
		Plan: zoom.PlanBusiness,
	})
	if err != nil {
		panic(err)
	}
	m, err := c.CreateMeeting(ctx, "host@example.com", &zoom.MeetingRequest{
		Topic: "standup", Type: zoom.MeetingScheduled, Duration: 15,
		StartTime: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), Timezone: "Europe/Berlin",
		DefaultPassword: true, // Zoom forces a waiting room on meetings without a passcode
	})
	switch {
	case zoom.IsDailyLimit(err):
		fmt.Println("this host has used today's 100 creates; try after 00:00 UTC")
	case errors.Is(err, zoom.ErrOutcomeUnknown):
		fmt.Println("maybe created: list the host's upcoming meetings before trying again")
	case err != nil:
		fmt.Println(err)
	default:
		fmt.Println(m.ID, m.JoinURL)
	}
}
