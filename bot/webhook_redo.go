package bot

import (
	"context"
	"fmt"

	"github.com/zoombot/zoombot/storage"
)

// Redoing a delivery's Slack work after its replica died. A delivery
// changes the store before Zoom gets its answer and tells Slack after; a
// replica that dies in between leaves the request unfinished, and the
// replica that resumes it (resumeWebhook) finds the store already changed,
// so the comparison that decides what to tell finds nothing. Two things
// make the resume tell Slack anyway:
//
//   - zoomEvent.redo: the refreshes (the channel post, App Homes) render
//     what is stored, so doing them twice is harmless, and a resumed
//     delivery always does them.
//   - zoomEvent.Applied: what a delivery is about to change and tell (a
//     meeting changed in Zoom, occurrences cancelled in Zoom) is written
//     to its request before the store changes, so the resume applies the
//     same values again and tells the same people.
//
// A DM sent just before the replica died may be sent again by the resume:
// the window is the one Slack call before the request is marked done.

// appliedEvent is what a delivery changes in the store and then tells.
type appliedEvent struct {
	Change    *storage.MeetingChange `json:"change,omitempty"`    // meeting.updated
	Told      *changeInput           `json:"told,omitempty"`      // meeting.updated: what the DMs say
	Cancelled []storage.Occurrence   `json:"cancelled,omitempty"` // meeting.deleted of occurrences
}

// noteApplied keeps a in the delivery's request before the store is
// changed.
func (b *Bot) noteApplied(ctx context.Context, ev *zoomEvent, a *appliedEvent) error {
	ev.Applied = a
	if err := b.db.SetRequestPayload(ctx, ev.requestKey(), ev.stored()); err != nil {
		return fmt.Errorf("note what %s changes: %w", ev.Event, err)
	}
	return nil
}
