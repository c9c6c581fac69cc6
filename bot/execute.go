package bot

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/url"
	"time"

	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
)

// execute creates (or adopts) the meeting and announces it. since is when
// the request was first received: a meeting Zoom created before then can't
// be this request's. reconcileFirst is for resumed work, whose earlier Zoom
// call may have succeeded.
func (b *Bot) execute(ctx context.Context, in scheduleInput, since time.Time, reconcileFirst bool) (Reply, error) {
	if err := b.db.SetRequestState(ctx, in.Key, storage.RequestZoomPending, 0, ""); err != nil {
		b.releaseHold(ctx, in.Key)
		return Reply{}, err
	}
	m, startURL, err := b.createOrAdopt(ctx, in, since, reconcileFirst)
	if zoomTrouble(err) {
		b.log.WarnContext(ctx, "Zoom trouble; retrying in the background", "request_id", in.Key, "err", err)
		b.keepTrying(in, since, mayHaveCreated(err))
		return b.outageReply(in), nil
	}
	var se *storeError
	if errors.As(err, &se) {
		// Zoom has the meeting but our row isn't written: leave the request
		// as it is, so the next start stores it (see store).
		return Reply{}, err
	}
	if err != nil {
		b.releaseHold(ctx, in.Key)
		b.finish(ctx, in.Key, err, Reply{})
		return Reply{}, zoomUserError(err, b.now())
	}
	b.releaseHold(ctx, in.Key)
	return b.announce(ctx, in, m, startURL)
}

// storeError is a failure to record a meeting Zoom did create.
type storeError struct{ err error }

func (e *storeError) Error() string { return e.err.Error() }
func (e *storeError) Unwrap() error { return e.err }

// createOrAdopt makes sure the meeting exists in Zoom exactly once and is
// stored: it adopts the meeting an earlier attempt created, or creates it.
// An error for which zoomTrouble is true means "not yet": try again later.
func (b *Bot) createOrAdopt(ctx context.Context, in scheduleInput, since time.Time, reconcileFirst bool) (*storage.Meeting, string, error) {
	if reconcileFirst {
		m, startURL, err := b.reconcile(ctx, in, since)
		if err != nil || m != nil {
			return m, startURL, err
		}
	}
	req, rec := b.zoomRequest(in)
	zm, err := b.zoom.CreateMeeting(ctx, in.Host.ZoomUserID, req)
	if b.afterZoomCreate != nil {
		b.afterZoomCreate()
	}
	if errors.Is(err, zoom.ErrOutcomeUnknown) {
		// Zoom may have created it: look before trying again.
		b.metrics.Reconciliation("unknown_outcome")
		m, startURL, rerr := b.reconcile(ctx, in, since)
		switch {
		case zoomTrouble(rerr):
			// Still unknown. Only the create's error is wrapped: it alone
			// says whether Zoom may have made the meeting.
			return nil, "", fmt.Errorf("%w (looking for it: %v)", err, rerr)
		case rerr != nil || m != nil:
			return m, startURL, rerr
		}
		return nil, "", err
	}
	if err != nil {
		return nil, "", err
	}
	m, err := b.store(ctx, in, zm, rec)
	return m, zm.StartURL, err
}

// store records a meeting Zoom created for the request.
func (b *Bot) store(ctx context.Context, in scheduleInput, zm *zoom.Meeting, rec *storedRecurrence) (*storage.Meeting, error) {
	m := storedMeeting(zm, in, rec)
	if in.Instant || m.Start.IsZero() {
		m.Start = b.now().UTC()
		m.Occurrences = nil
	}
	// The Zoom id is recorded on the request first: if the meeting row then
	// fails, Recover finds the id and fetches the meeting from Zoom; if this
	// fails, the request stays zoom_pending and reconciliation adopts it.
	if err := b.db.SetRequestState(ctx, in.Key, storage.RequestCreated, zm.ID, ""); err != nil {
		return nil, &storeError{err}
	}
	if err := b.db.CreateMeeting(ctx, m); err != nil {
		return nil, &storeError{fmt.Errorf("store meeting %d: %w", zm.ID, err)}
	}
	b.metrics.MeetingScheduled()
	return m, nil
}

// reconcile looks in Zoom for the meeting this request may already have
// created: same host and topic, same start, created after the request
// arrived, and not already ours. It adopts and stores it. Instant meetings
// are not listed by Zoom (zoom-api.md §3.5), so they can't be reconciled.
func (b *Bot) reconcile(ctx context.Context, in scheduleInput, since time.Time) (*storage.Meeting, string, error) {
	if in.Instant {
		return nil, "", nil
	}
	list, err := b.zoom.ListMeetings(ctx, in.Host.ZoomUserID, zoom.ListUpcoming)
	if err != nil {
		return nil, "", err
	}
	topic := plainTopic(in.Topic, nil)
	for _, zm := range list {
		if zm.Topic != topic || !zm.StartTime.Truncate(time.Minute).Equal(in.Start.Truncate(time.Minute)) ||
			(!zm.CreatedAt.IsZero() && zm.CreatedAt.Before(since.Add(-time.Minute))) {
			continue
		}
		if _, err := b.db.GetMeeting(ctx, zm.ID); err == nil {
			continue // another request's meeting
		} else if !errors.Is(err, storage.ErrNotFound) {
			return nil, "", err
		}
		full, err := b.zoom.GetMeeting(ctx, zm.ID)
		if err != nil {
			return nil, "", err
		}
		_, rec := b.zoomRequest(in)
		m, err := b.store(ctx, in, full, rec)
		if err != nil {
			return nil, "", err
		}
		b.metrics.Reconciliation("adopted")
		b.log.InfoContext(ctx, "adopted the meeting Zoom created", "request_id", in.Key, "meeting", zm.ID)
		return m, full.StartURL, nil
	}
	b.metrics.Reconciliation("not_found")
	return nil, "", nil
}

// keepTrying retries a request while Zoom is down, for ZoomRetryWindow, and
// tells the user how it ended. If the process stops meanwhile, the request
// stays unfinished and Recover takes it up at the next start.
// unknown says an earlier attempt may have created the meeting: then the
// request is never given up blind (see giveUp).
func (b *Bot) keepTrying(in scheduleInput, since time.Time, unknown bool) {
	b.retries.Add(1)
	go func() {
		defer b.retries.Done()
		ctx, cancel := context.WithTimeout(withRequestAttrs(context.Background(), in), b.cfg.ZoomRetryWindow+time.Minute)
		defer cancel()
		done, stopped := b.retryWhileZoomIsDown(func() bool {
			reply, err, done := b.tryOnce(ctx, &in, since)
			if !done {
				unknown = unknown || mayHaveCreated(err)
				return false
			}
			if err != nil {
				reply = b.userReply(ctx, err, "request_id", in.Key, "user", in.UserID, "command", in.Kind)
			}
			b.reply(ctx, in.ResponseURL, in.ChannelID, in.UserID, reply)
			return true
		})
		if !done && !stopped {
			b.giveUp(ctx, in, since, unknown)
		}
	}()
}

// retryWhileZoomIsDown calls try, after pauses that double from
// RetryBackoff up to 30 s (with jitter), until it reports done, the
// ZoomRetryWindow ends, or shutdown begins (stopped: the request stays
// unfinished, and Recover takes it up).
func (b *Bot) retryWhileZoomIsDown(try func() bool) (done, stopped bool) {
	deadline := time.Now().Add(b.cfg.ZoomRetryWindow) // real time: this paces calls to a network service
	delay := b.cfg.RetryBackoff
	for time.Now().Before(deadline) {
		select {
		case <-b.stopping:
			return false, true
		case <-time.After(delay/2 + rand.N(delay/2+1)):
		}
		delay = min(2*delay, 30*time.Second)
		if try() {
			return true, false
		}
	}
	return false, false
}

// giveUp ends a request Zoom never answered for. If Zoom may have created
// the meeting (an unknown outcome), saying "not scheduled" could be false
// and the meeting would have no row: the user is told so, and the request
// keeps waiting, reconcile-only, until Zoom answers or the process restarts
// (Recover then takes it up).
func (b *Bot) giveUp(ctx context.Context, in scheduleInput, since time.Time, unknown bool) {
	window := b.cfg.ZoomRetryWindow
	if !unknown || in.Host == nil {
		b.releaseHold(ctx, in.Key)
		b.finish(ctx, in.Key, errors.New("gave up: Zoom did not answer"), Reply{})
		b.reply(ctx, in.ResponseURL, in.ChannelID, in.UserID, Reply{Text: fmt.Sprintf(
			":x: I couldn't reach Zoom for %s, so *%s* was not scheduled. Please try again later.",
			humanDuration(window), escapeTopic(in.Topic))})
		return
	}
	b.reply(ctx, in.ResponseURL, in.ChannelID, in.UserID, Reply{Text: fmt.Sprintf(
		":warning: Zoom hasn't answered for %s. It may have created *%s* just before it went quiet, so I'll keep checking and post it here if it did.",
		humanDuration(window), escapeTopic(in.Topic))})
	check, cancel := context.WithTimeout(context.Background(), 24*time.Hour)
	defer cancel()
	for {
		select {
		case <-b.stopping:
			return // still zoom_pending: Recover reconciles it at the next start
		case <-check.Done():
			return
		case <-time.After(max(b.cfg.RetryBackoff*12, time.Second)):
		}
		m, startURL, err := b.reconcile(check, in, since)
		if zoomTrouble(err) {
			continue
		}
		var reply Reply
		switch {
		case err != nil:
			reply = b.userReply(check, err, "request_id", in.Key, "user", in.UserID, "command", in.Kind)
		case m != nil:
			b.releaseHold(check, in.Key)
			if _, err := b.announce(check, in, m, startURL); err != nil {
				reply = b.userReply(check, err, "request_id", in.Key, "user", in.UserID, "command", in.Kind)
			} else {
				reply = Reply{Text: fmt.Sprintf(":white_check_mark: Zoom is back, and it had created *%s*: it's scheduled.", escapeTopic(in.Topic))}
			}
		default:
			b.releaseHold(check, in.Key)
			b.finish(check, in.Key, errors.New("Zoom had not created it"), Reply{})
			reply = Reply{Text: fmt.Sprintf(":x: Zoom is back; it had not created *%s*, so nothing was scheduled. Please try again.", escapeTopic(in.Topic))}
		}
		b.reply(check, in.ResponseURL, in.ChannelID, in.UserID, reply)
		return
	}
}

// tryOnce is one retry: choose the host if that failed before, then create
// or adopt the meeting and announce it. done is false while Zoom is still in
// trouble; err then says what the trouble was.
func (b *Bot) tryOnce(ctx context.Context, in *scheduleInput, since time.Time) (reply Reply, err error, done bool) {
	if in.Host == nil {
		reply, err := b.checkAndReserve(ctx, in)
		if zoomTrouble(err) {
			return Reply{}, err, false
		}
		if err != nil || !reply.empty() {
			b.finish(ctx, in.Key, err, reply)
			return reply, err, true
		}
		if err := b.db.SetRequestState(ctx, in.Key, storage.RequestZoomPending, 0, ""); err != nil {
			return Reply{}, err, true
		}
	}
	m, startURL, err := b.createOrAdopt(ctx, *in, since, true)
	if zoomTrouble(err) {
		return Reply{}, err, false
	}
	b.releaseHold(ctx, in.Key)
	if err != nil {
		b.finish(ctx, in.Key, err, Reply{})
		return Reply{}, zoomUserError(err, b.now()), true
	}
	if _, err := b.announce(ctx, *in, m, startURL); err != nil {
		return Reply{}, err, true
	}
	return Reply{Text: fmt.Sprintf(":white_check_mark: Zoom is back: *%s* is scheduled.", escapeTopic(in.Topic))}, nil, true
}

// outageReply is what the user sees while keepTrying works.
func (b *Bot) outageReply(in scheduleInput) Reply {
	return Reply{Text: fmt.Sprintf(":hourglass_flowing_sand: Zoom isn't answering; I'll keep trying for %s and post *%s* when it's done.",
		humanDuration(b.cfg.ZoomRetryWindow), escapeTopic(in.Topic))}
}

// mayHaveCreated reports whether a failed create may have been processed.
// The client calls every 5xx an unknown outcome; a 503 (Zoom unavailable)
// is the one that surely wasn't.
func mayHaveCreated(err error) bool {
	var ze *zoom.Error
	if errors.As(err, &ze) && ze.StatusCode == 503 {
		return false
	}
	return errors.Is(err, zoom.ErrOutcomeUnknown)
}

// zoomTrouble reports whether err means Zoom is unreachable or overloaded
// (try again later) rather than a definite answer.
func zoomTrouble(err error) bool {
	if err == nil {
		return false
	}
	var ue *Error
	if errors.As(err, &ue) {
		return ue.Err != nil && zoomTrouble(ue.Err)
	}
	if errors.Is(err, zoom.ErrOutcomeUnknown) {
		return true
	}
	var rl *zoom.RateLimitError
	if errors.As(err, &rl) {
		return rl.Kind == zoom.RateLimitPerSecond
	}
	var ze *zoom.Error
	if errors.As(err, &ze) {
		return ze.StatusCode >= 500
	}
	var ne net.Error
	var uerr *url.Error
	return errors.As(err, &ne) || errors.As(err, &uerr) || errors.Is(err, context.DeadlineExceeded)
}
