package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/zoombot/zoombot/zoom"
)

// zoomRequest is the PATCH body of a change: only what changes, or nil
// when Zoom needs nothing. Times go as UTC ("…Z"), never as a bare local
// time that would lean on the meeting's stored zone.
func (in *changeInput) zoomRequest() *zoom.MeetingRequest {
	req := &zoom.MeetingRequest{}
	some := false
	if in.Series != nil {
		req.StartTime, req.Timezone, req.Recurrence = in.Start.UTC(), in.Zone, in.Series.Zoom
		some = true
	} else if !in.Start.IsZero() && !in.Start.Equal(in.Before.Start) {
		req.StartTime, some = in.Start.UTC(), true
	}
	if in.Duration != 0 {
		req.Duration, some = int(in.Duration/time.Minute), true
	}
	if in.Topic != nil {
		req.Topic, some = plainTopic(*in.Topic, nil), true
	}
	if in.Passcode != nil {
		req.Password, some = *in.Passcode, true
	}
	if o := in.Options; o != nil {
		req.Settings = &zoom.Settings{JoinBeforeHost: o.JoinBeforeHost, WaitingRoom: o.WaitingRoom, MuteUponEntry: o.MuteOnEntry}
		some = true
	}
	if in.Host != nil {
		req.ScheduleFor = in.Host.Email
		if req.ScheduleFor == "" {
			req.ScheduleFor = in.Host.ZoomUserID
		}
		some = true
	}
	if !some {
		return nil
	}
	return req
}

// zoomHas reads the meeting back from Zoom and reports whether it already
// holds the change: an earlier PATCH whose answer was lost went through.
func (b *Bot) zoomHas(ctx context.Context, in changeInput) (bool, error) {
	zm, err := b.zoom.GetMeeting(ctx, in.MeetingID)
	if err != nil {
		return false, err
	}
	start, minutes := zm.StartTime, zm.Duration
	if in.OccurrenceID != "" {
		i := slices.IndexFunc(zm.Occurrences, func(o zoom.Occurrence) bool { return o.OccurrenceID == in.OccurrenceID })
		if i < 0 {
			return false, nil
		}
		start, minutes = zm.Occurrences[i].StartTime, zm.Occurrences[i].Duration
	}
	same := func(want *bool, got *bool) bool { return want == nil || (got != nil && *got == *want) }
	switch {
	case !in.Start.IsZero() && !start.Equal(in.Start),
		in.Duration != 0 && minutes != int(in.Duration/time.Minute),
		in.Topic != nil && zm.Topic != plainTopic(*in.Topic, nil),
		in.Passcode != nil && zm.Password != *in.Passcode,
		in.Host != nil && zm.HostID != in.Host.ZoomUserID:
		return false, nil
	case in.Options != nil:
		s := zm.Settings
		if s == nil {
			return false, nil
		}
		o := in.Options
		return same(o.WaitingRoom, s.WaitingRoom) && same(o.JoinBeforeHost, s.JoinBeforeHost) && same(o.MuteOnEntry, s.MuteUponEntry), nil
	}
	return true, nil
}

// keepChanging retries a change while Zoom is down, for ZoomRetryWindow,
// reading the meeting back before each PATCH, and tells the user how it
// ended. If Zoom may have taken the change before it went quiet, the
// request is handed over to Recover rather than called failed.
func (b *Bot) keepChanging(in changeInput) {
	b.retries.Add(1)
	go func() {
		defer b.retries.Done()
		window := b.cfg.ZoomRetryWindow
		ctx, cancel := context.WithTimeout(withChangeAttrs(context.Background(), in), window+time.Minute)
		defer cancel()
		var last error
		done, stopped := b.retryWhileZoomIsDown(func() bool {
			err := b.patchOnce(ctx, in, true)
			if zoomTrouble(err) {
				last = err
				return false
			}
			var reply Reply
			if err == nil {
				reply, err = b.recordChange(ctx, in)
			} else {
				b.releaseHold(ctx, in.Key)
				b.finish(ctx, in.Key, err, Reply{})
				err = b.changeError(in, err)
			}
			if err != nil {
				reply = b.userReply(ctx, err, "request_id", in.Key, "user", in.UserID, "command", in.Kind)
			}
			b.reply(ctx, in.ResponseURL, in.ChannelID, in.UserID, reply)
			return true
		})
		if done || stopped {
			return // stopped: still zoom_pending, Recover finishes it
		}
		topic := escapeTopic(in.Before.Topic)
		if errors.Is(last, zoom.ErrOutcomeUnknown) {
			b.reply(ctx, in.ResponseURL, in.ChannelID, in.UserID, Reply{Text: fmt.Sprintf(
				":warning: Zoom hasn't answered for %s. It may have taken the change to *%s* just before it went quiet; I'll keep checking and update the channel if it did.",
				humanDuration(window), topic)})
			b.handOver(ctx, in.Key)
			return
		}
		b.releaseHold(ctx, in.Key)
		b.finish(ctx, in.Key, errors.New("gave up: Zoom did not answer"), Reply{})
		b.reply(ctx, in.ResponseURL, in.ChannelID, in.UserID, Reply{Text: fmt.Sprintf(
			":x: I couldn't reach Zoom for %s, so *%s* was not changed. Please try again later.", humanDuration(window), topic)})
	}()
}

// handOver gives up this replica's lease on an unfinished request, so that
// Recover (here or on another replica) takes it up at its next round.
func (b *Bot) handOver(ctx context.Context, key string) {
	b.leases.remove(key)
	if err := b.db.ReleaseLeases(ctx, b.replicaID, []string{key}); err != nil {
		b.log.WarnContext(ctx, "handing a request over", "request_id", key, "err", err)
	}
}
