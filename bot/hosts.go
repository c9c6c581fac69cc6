package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/storage"
)

// hostChoice is the Zoom user that will host a meeting.
type hostChoice struct {
	ZoomUserID string `json:"id"`
	Email      string `json:"email,omitempty"`
	Type       int    `json:"type,omitempty"`
}

// Action ids of the buttons on duplicate and clash warnings.
const (
	actionScheduleAnyway = "schedule_anyway" // value: the held request's key
	actionScheduleAgain  = "schedule_again"  // value: the held request's key
	actionDismiss        = "dismiss"
)

// duplicateWindow is how recent an identical meeting must be to count as a
// double submit.
const duplicateWindow = 60 * time.Second

// checkAndReserve runs the checks before Zoom is called: a double submit, a
// clash with the host's own meetings, or a pool with no free host. A warning
// comes back as a non-empty Reply (with buttons to go ahead); otherwise
// in.Host is chosen, reserved when needed, and recorded in the request.
func (b *Bot) checkAndReserve(ctx context.Context, in *scheduleInput) (Reply, error) {
	dup, err := b.recentDuplicate(ctx, in)
	if err != nil {
		return Reply{}, err
	}
	if dup != nil {
		return duplicateReply(in, dup), nil
	}
	pool, err := b.poolHosts(ctx)
	if err != nil {
		return Reply{}, err
	}
	slot := in.Duration
	if len(pool) > 0 {
		ids := make([]string, len(pool))
		for i, p := range pool {
			ids[i] = p.ZoomUserID
		}
		hold, err := b.db.ReserveHost(ctx, storage.HoldSpec{Key: in.Key, Candidates: ids, Start: in.Start,
			Duration: slot, Concurrency: b.cfg.HostConcurrency, TTL: b.cfg.ZoomRetryWindow + 5*time.Minute})
		if errors.Is(err, storage.ErrNoFreeHost) {
			return Reply{}, b.busyError(ctx, ids, in.Start, in.Duration, in.User.Loc, func(next string) string {
				return "/zoom schedule " + next + " " + escape(plainTopic(in.Topic, nil))
			})
		}
		if err != nil {
			return Reply{}, err
		}
		for _, p := range pool {
			if p.ZoomUserID == hold.HostZoomUserID {
				in.Host = &hostChoice{ZoomUserID: p.ZoomUserID, Email: p.Email, Type: p.Type}
			}
		}
	} else {
		m, err := b.zoomHost(ctx, in.TeamID, in.User)
		if err != nil {
			return Reply{}, zoomUserError(err, b.now())
		}
		in.Host = &hostChoice{ZoomUserID: m.ZoomUserID, Email: m.ZoomEmail, Type: m.ZoomUserType}
		if !in.Force {
			_, err := b.db.ReserveHost(ctx, storage.HoldSpec{Key: in.Key, Candidates: []string{m.ZoomUserID}, Start: in.Start,
				Duration: slot, Concurrency: b.cfg.HostConcurrency, TTL: b.cfg.ZoomRetryWindow + 5*time.Minute})
			if errors.Is(err, storage.ErrNoFreeHost) {
				return b.clashReply(ctx, in)
			}
			if err != nil {
				return Reply{}, err
			}
		}
	}
	return Reply{}, b.savePayload(ctx, in)
}

func (b *Bot) savePayload(ctx context.Context, in *scheduleInput) error {
	raw, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return b.db.SetRequestPayload(ctx, in.Key, raw)
}

// releaseHold drops the reservation once the meeting is stored (it then
// keeps the host busy itself) or the request gave up.
// It runs even when in.Host says no hold was taken: a request resumed after
// a crash may not know of the hold it had.
func (b *Bot) releaseHold(ctx context.Context, key string) {
	if err := b.db.ReleaseHost(ctx, key); err != nil && !errors.Is(err, storage.ErrNotFound) {
		b.log.WarnContext(ctx, "releasing host hold", "request_id", key, "err", err)
	}
}

// duplicate describes the earlier request a double submit repeats.
type duplicate struct {
	Topic   string
	Start   time.Time
	Loc     *time.Location
	ID      int64 // 0 while the first one is still being scheduled
	Pending bool
}

// recentDuplicate finds the request, made within duplicateWindow, that
// this one repeats: same user, channel, topic and start, neither failed nor
// cancelled, whether its meeting exists yet or it is still under way (Zoom
// is slow or down). The check and the claim of the fingerprint are one
// transaction under a lock (storage.ClaimFingerprint), so of two identical
// requests exactly one goes ahead, whichever replicas they reached. A
// forced request (the user chose "Schedule anyway") records its fingerprint
// without looking.
func (b *Bot) recentDuplicate(ctx context.Context, in *scheduleInput) (*duplicate, error) {
	r, err := b.db.ClaimFingerprint(ctx, in.Key, in.fingerprint(), b.now().Add(-duplicateWindow), in.Force)
	if err != nil || r == nil {
		return nil, err
	}
	var other scheduleInput
	if err := json.Unmarshal(r.Payload, &other); err != nil {
		return nil, fmt.Errorf("duplicate request %s: %w", r.Key, err)
	}
	d := &duplicate{Topic: other.Topic, Start: other.Start, Loc: in.User.Loc, ID: r.MeetingID, Pending: r.MeetingID == 0}
	if r.MeetingID != 0 {
		if m, err := b.db.GetMeeting(ctx, r.MeetingID); err == nil {
			d.Loc = meetingLoc(m)
		}
	}
	return d, nil
}

func duplicateReply(in *scheduleInput, dup *duplicate) Reply {
	text := fmt.Sprintf("You just scheduled *%s* for %s (ID %s). Schedule another?",
		escapeTopic(dup.Topic), slackDate(dup.Start, dup.Loc), FormatMeetingID(dup.ID))
	if dup.Pending {
		text = fmt.Sprintf("You just asked for *%s* at %s, and I'm still scheduling it (Zoom is slow). Schedule another?",
			escapeTopic(dup.Topic), slackDate(dup.Start, dup.Loc))
	}
	again := slack.NewButtonBlockElement(actionScheduleAgain, in.Key, plain("Schedule another"))
	keep := slack.NewButtonBlockElement(actionDismiss, "", plain("No, one is enough"))
	keep.Style = slack.StylePrimary
	return Reply{Text: text, Blocks: []slack.Block{
		slack.NewSectionBlock(mrkdwn(text), nil, nil),
		slack.NewActionBlock("duplicate", keep, again),
	}}
}

// clashReply warns that the host already has a meeting then. Zoom accepts
// overlapping schedules, but a host runs one meeting at a time, so the
// second group would wait for a host who never comes (zoom-api.md §7).
func (b *Bot) clashReply(ctx context.Context, in *scheduleInput) (Reply, error) {
	clashes, err := b.clashList(ctx, in.Host.ZoomUserID, in.Start, in.Start.Add(in.Duration), in.User.Loc, nil)
	if err != nil {
		return Reply{}, err
	}
	text := fmt.Sprintf("You already host %s. Zoom lets a host run one meeting at a time, so one group would wait for you. Schedule *%s* anyway?",
		clashes, escapeTopic(in.Topic))
	anyway := slack.NewButtonBlockElement(actionScheduleAnyway, in.Key, plain("Schedule anyway"))
	anyway.Style = slack.StyleDanger
	other := formButton(formPrefill{Topic: in.Topic, Start: in.Start, HasTime: true, Duration: in.Duration, Channel: in.ChannelID},
		"Use the form to pick another time")
	return Reply{Text: text, Blocks: []slack.Block{
		slack.NewSectionBlock(mrkdwn(text), nil, nil),
		slack.NewActionBlock("clash", anyway, other),
	}}, nil
}

// clashList names the host's meetings in [start, end), at most three,
// leaving out those skip says (the meeting being moved).
func (b *Bot) clashList(ctx context.Context, host string, start, end time.Time, loc *time.Location, skip func(storage.Upcoming) bool) (string, error) {
	clashes, err := b.db.Overlapping(ctx, host, start, end)
	if err != nil {
		return "", err
	}
	if skip != nil {
		clashes = slices.DeleteFunc(clashes, skip)
	}
	var lines []string
	for i, c := range clashes {
		if i == 3 {
			lines = append(lines, fmt.Sprintf("…and %d more", len(clashes)-3))
			break
		}
		lines = append(lines, fmt.Sprintf("*%s* %s–%s", escapeTopic(c.Meeting.Topic),
			slackTime(c.Occurrence.Start, loc), slackTime(c.Occurrence.End(), loc)))
	}
	if len(lines) == 0 { // the slot is held by a request still under way
		lines = append(lines, "another meeting I'm still scheduling for you then")
	}
	return strings.Join(lines, ", "), nil
}

// busyError says every pool host is taken for the slot, and when the next
// free slot of that length begins; try words the command that would take
// it.
func (b *Bot) busyError(ctx context.Context, hosts []string, start time.Time, d time.Duration, loc *time.Location, try func(next string) string) error {
	msg := fmt.Sprintf("All %d hosts are busy %s–%s", len(hosts), slackTime(start, loc), slackTime(start.Add(d), loc))
	next, err := b.nextFreeSlot(ctx, hosts, start, d)
	switch {
	case err != nil:
		return err
	case next.IsZero():
		msg += "; no host is free for that long in the next day."
	default:
		msg += fmt.Sprintf("; the next free slot is %s. Try `%s`.", slackDate(next, loc), try(next.In(loc).Format("Jan 2 3:04pm")))
	}
	return &Error{Code: "pool_busy", Message: msg}
}

// nextFreeSlot is the earliest start at or after from, within a day, at
// which some host is free for d. Candidates are from and the ends of the
// meetings in the way.
func (b *Bot) nextFreeSlot(ctx context.Context, hosts []string, from time.Time, d time.Duration) (time.Time, error) {
	horizon := from.Add(24 * time.Hour)
	candidates := []time.Time{from}
	for _, h := range hosts {
		busy, err := b.db.Overlapping(ctx, h, from, horizon)
		if err != nil {
			return time.Time{}, err
		}
		for _, u := range busy {
			candidates = append(candidates, u.Occurrence.End())
		}
	}
	sort.Slice(candidates, func(i, j int) bool { return candidates[i].Before(candidates[j]) })
	for i, t := range candidates {
		if i > 0 && t.Equal(candidates[i-1]) {
			continue
		}
		for _, h := range hosts {
			busy, err := b.db.Overlapping(ctx, h, t, t.Add(d))
			if err != nil {
				return time.Time{}, err
			}
			if len(busy) < b.cfg.HostConcurrency {
				return t, nil
			}
		}
	}
	return time.Time{}, nil
}

// poolMember is a resolved host pool entry.
type poolMember struct {
	ZoomUserID, Email string
	Type              int
}

// poolHosts is the host pool: the configured members (emails or Zoom user
// ids, resolved to Zoom users once) and those admins added with /zoom pool.
// An empty pool means each requester hosts their own meetings.
func (b *Bot) poolHosts(ctx context.Context) ([]poolMember, error) {
	members, err := b.configuredPool(ctx)
	if err != nil {
		return nil, err
	}
	added, err := b.db.ListPoolHosts(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, m := range members {
		seen[m.ZoomUserID] = true
	}
	for _, h := range added {
		if !seen[h.ZoomUserID] {
			seen[h.ZoomUserID] = true
			members = append(members, poolMember{ZoomUserID: h.ZoomUserID, Email: h.Email})
		}
	}
	return members, nil
}

func (b *Bot) configuredPool(ctx context.Context) ([]poolMember, error) {
	if len(b.cfg.HostPool) == 0 {
		return nil, nil
	}
	b.pool.mu.Lock()
	defer b.pool.mu.Unlock()
	if b.pool.members != nil {
		return slices.Clone(b.pool.members), nil
	}
	var members []poolMember
	for _, entry := range b.cfg.HostPool {
		u, err := b.zoom.GetUser(ctx, entry)
		if err != nil {
			return nil, fmt.Errorf("host pool member %q: %w", entry, err)
		}
		members = append(members, poolMember{ZoomUserID: u.ID, Email: u.Email, Type: u.Type})
	}
	b.pool.members = members
	return slices.Clone(members), nil
}

// poolCache holds the resolved pool.
type poolCache struct {
	mu      sync.Mutex
	members []poolMember
}

// keyedMutex serialises work per key, and forgets keys nobody holds.
type keyedMutex struct {
	mu sync.Mutex
	m  map[string]*keyedEntry
}

type keyedEntry struct {
	mu   sync.Mutex
	refs int
}

func (k *keyedMutex) lock(key string) (unlock func()) {
	k.mu.Lock()
	if k.m == nil {
		k.m = map[string]*keyedEntry{}
	}
	e := k.m[key]
	if e == nil {
		e = &keyedEntry{}
		k.m[key] = e
	}
	e.refs++
	k.mu.Unlock()
	e.mu.Lock()
	return func() {
		e.mu.Unlock()
		k.mu.Lock()
		if e.refs--; e.refs == 0 {
			delete(k.m, key)
		}
		k.mu.Unlock()
	}
}

// fingerprint identifies "the same meeting" for the double-submit check.
func (in *scheduleInput) fingerprint() string {
	start := fmt.Sprint(in.Start.Unix())
	if in.Instant {
		start = "now"
	}
	// Hashed: it is stored and indexed, and PostgreSQL text holds no NUL.
	sum := sha256.Sum256([]byte(strings.Join([]string{in.TeamID, in.UserID, in.ChannelID, in.Topic, start}, "\x00")))
	return hex.EncodeToString(sum[:16])
}
