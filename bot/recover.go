package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/zoombot/zoombot/storage"
)

// resume finishes a scheduling request (its payload a scheduleInput), or a
// change (resumeChange), that a replica, this one before a restart or
// another that died, left unfinished.
func (b *Bot) resume(ctx context.Context, r storage.Request) {
	if r.Kind == kindMove || r.Kind == kindEdit {
		b.resumeChange(ctx, r)
		return
	}
	var in scheduleInput
	if err := json.Unmarshal(r.Payload, &in); err != nil || in.UserID == "" {
		b.log.ErrorContext(ctx, "resume: unreadable request; marking it failed", "request_id", r.Key, "err", err)
		b.finish(ctx, r.Key, fmt.Errorf("unreadable payload: %v", err), Reply{})
		return
	}
	in.Key = r.Key
	ctx = withRequestAttrs(ctx, in)
	reply, err := b.resumeSchedule(ctx, r, in)
	if err != nil {
		if !zoomTrouble(err) {
			// A definite failure: don't retry it (and apologise) at every
			// restart. Zoom trouble leaves it for the next start.
			b.finish(ctx, r.Key, err, Reply{})
		}
		reply = b.userReply(ctx, err, "request_id", r.Key, "user", in.UserID, "command", in.Kind)
	}
	b.reply(ctx, in.ResponseURL, in.ChannelID, in.UserID, reply)
}

func (b *Bot) resumeSchedule(ctx context.Context, r storage.Request, in scheduleInput) (Reply, error) {
	u, err := b.slackUser(ctx, in.TeamID, in.UserID)
	if err != nil {
		return Reply{}, err
	}
	in.User = u
	if r.State == storage.RequestCreated {
		zm, err := b.zoom.GetMeeting(ctx, r.MeetingID) // a fresh start link
		if err != nil {
			return Reply{}, zoomUserError(err, b.now())
		}
		m, err := b.db.GetMeeting(ctx, r.MeetingID)
		if errors.Is(err, storage.ErrNotFound) && in.Host != nil {
			// Zoom created it and the request knew, but the row was never
			// written: write it now from Zoom's copy.
			_, rec := b.zoomRequest(in)
			m = storedMeeting(zm, in, rec)
			err = b.db.CreateMeeting(ctx, m)
		}
		if err != nil {
			return Reply{}, err
		}
		if in.Host == nil {
			in.Host = &hostChoice{ZoomUserID: m.HostZoomUserID, Email: m.HostEmail}
		}
		return b.announce(ctx, in, m, zm.StartURL)
	}
	if in.Host == nil {
		// It stopped before choosing a host, moments after the request
		// arrived: the user saw nothing yet, so skip the interactive checks.
		in.Force = true
		if reply, err := b.checkAndReserve(ctx, &in); err != nil || !reply.empty() {
			b.finish(ctx, in.Key, err, reply)
			return reply, err
		}
	}
	return b.execute(ctx, in, r.CreatedAt, true)
}
