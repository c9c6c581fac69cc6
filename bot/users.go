package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
)

// slackUser is what the bot needs to know about a Slack user.
type slackUser struct {
	ID, Name, RealName, Email string
	Loc                       *time.Location
	// Locale is Slack's ("en-US", "en-GB"), or "" when users.info left it
	// out; it decides whether "3/12" is March 12 or December 3.
	Locale           string
	IsAdmin, IsOwner bool
}

// userCache remembers users.info answers so each user costs one call per
// TTL, even when many commands from one user arrive at once.
type userCache struct {
	ttl time.Duration

	mu      sync.Mutex
	entries map[string]*userEntry // key: team/user
}

type userEntry struct {
	ready   chan struct{} // closed when user/err are set
	user    *slackUser
	err     error
	fetched time.Time
}

// slackUser returns the user's profile, zone and email, from the cache or
// from users.info.
func (b *Bot) slackUser(ctx context.Context, teamID, userID string) (*slackUser, error) {
	key := teamID + "/" + userID
	now := b.now()
	c := &b.users
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[string]*userEntry{}
	}
	e, ok := c.entries[key]
	if ok {
		select {
		case <-e.ready:
			if e.err != nil || now.Sub(e.fetched) > c.ttl {
				ok = false // failed or stale: fetch again
			}
		default: // a fetch is in flight: wait for it below
		}
	}
	if !ok {
		e = &userEntry{ready: make(chan struct{})}
		c.entries[key] = e
		c.mu.Unlock()
		e.user, e.err = b.fetchSlackUser(ctx, userID)
		e.fetched = now
		close(e.ready)
		return e.user, e.err
	}
	c.mu.Unlock()
	select {
	case <-e.ready:
		return e.user, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// cachedSlackUser returns the user if users.info answered recently, without
// calling it; nil otherwise.
func (b *Bot) cachedSlackUser(teamID, userID string) *slackUser {
	c := &b.users
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[teamID+"/"+userID]
	if !ok {
		return nil
	}
	select {
	case <-e.ready:
		if e.err == nil && b.now().Sub(e.fetched) <= c.ttl {
			return e.user
		}
	default:
	}
	return nil
}

func (b *Bot) fetchSlackUser(ctx context.Context, userID string) (*slackUser, error) {
	// Slack sends the locale only when asked (include_locale=true). slack-go
	// asks by default; saying so keeps it asked if that default changes.
	u, err := b.slack.GetUserInfoContext(ctx, userID, slack.GetUserInfoOptionIncludeLocale(true))
	if err != nil {
		return nil, fmt.Errorf("users.info %s: %w", userID, err)
	}
	su := &slackUser{
		ID:       u.ID,
		Name:     u.Name,
		RealName: u.RealName,
		Email:    strings.TrimSpace(u.Profile.Email),
		IsAdmin:  u.IsAdmin,
		IsOwner:  u.IsOwner,
		Loc:      userLocation(u.TZ, u.TZOffset),
		Locale:   u.Locale,
	}
	if su.RealName == "" {
		su.RealName = u.Profile.RealName
	}
	return su, nil
}

// userLocation loads the user's IANA zone. Slack sometimes reports a zone
// name the tz database lacks; the fixed offset is then the best we have
// (wrong across DST, but right today).
func userLocation(tz string, offsetSeconds int) *time.Location {
	if tz != "" {
		if loc, err := time.LoadLocation(tz); err == nil {
			return loc
		}
	}
	if offsetSeconds != 0 || tz != "" {
		return time.FixedZone(tz, offsetSeconds)
	}
	return time.UTC
}

// zoomHost finds the Zoom user that hosts meetings for a Slack user: the
// stored mapping, else the Zoom user with their email, else one the bot
// creates with custCreate. It returns an *Error when the user can't be
// mapped for a reason they or an admin can fix.
func (b *Bot) zoomHost(ctx context.Context, teamID string, u *slackUser) (*storage.UserMapping, error) {
	m, err := b.db.GetUserMapping(ctx, teamID, u.ID)
	if err == nil {
		return m, nil
	}
	// A new user's first commands often arrive together: one looks the
	// Zoom user up (a Light call each, from the account's shared budget),
	// the others wait and find the stored mapping.
	unlock := b.mappings.lock(teamID + "/" + u.ID)
	defer unlock()
	m, err = b.db.GetUserMapping(ctx, teamID, u.ID)
	if err == nil {
		return m, nil
	}
	if !errors.Is(err, storage.ErrNotFound) {
		return nil, err
	}
	if u.Email == "" {
		return nil, userErr("no_email", "I can't see your email address in Slack, so I can't find your Zoom user. "+
			"An admin can fix this by giving the app the `users:read.email` scope.")
	}
	zu, err := b.zoom.GetUser(ctx, u.Email)
	if zoom.IsNotFound(err) {
		zu, err = b.createZoomUser(ctx, u)
	}
	if err != nil {
		return nil, err
	}
	m = &storage.UserMapping{TeamID: teamID, SlackUserID: u.ID, ZoomUserID: zu.ID, ZoomEmail: zu.Email, ZoomUserType: zu.Type}
	if err := b.db.PutUserMapping(ctx, m); err != nil {
		return nil, err
	}
	return m, nil
}

func (b *Bot) createZoomUser(ctx context.Context, u *slackUser) (*zoom.User, error) {
	first, last := splitName(u.RealName, u.Name)
	zu, err := b.zoom.CreateUser(ctx, zoom.ActionCustCreate, zoom.UserInfo{
		Email: u.Email, Type: b.cfg.ZoomUserType, FirstName: first, LastName: last,
	})
	switch {
	case err == nil:
		return zu, nil
	case zoom.IsEmailTaken(err):
		// Someone else created it between our GET and POST (or Zoom hides
		// it from GET until it is activated): adopt it.
		return b.zoom.GetUser(ctx, u.Email)
	case errors.Is(err, zoom.ErrOutcomeUnknown):
		// Creating a user twice is harmless (Zoom answers 1005), so look.
		if zu, gerr := b.zoom.GetUser(ctx, u.Email); gerr == nil {
			return zu, nil
		}
		return nil, err
	}
	var ze *zoom.Error
	if errors.As(err, &ze) && ze.StatusCode == 400 {
		return nil, &Error{Code: "zoom_user", Err: err, Message: fmt.Sprintf(
			"There is no Zoom user with your email (%s) in this Zoom account, and Zoom refused to create one: %s\n"+
				"Ask your Zoom admin to add %s to the account (creating users needs Zoom's API partner plan).",
			escape(u.Email), escape(ze.Message), escape(u.Email))}
	}
	return nil, err
}

// splitName turns a Slack real name into Zoom's first and last name, each
// at most 64 characters.
func splitName(realName, handle string) (first, last string) {
	realName = strings.TrimSpace(realName)
	if realName == "" {
		realName = handle
	}
	first, last, _ = strings.Cut(realName, " ")
	return truncateRunes(first, 64), truncateRunes(strings.TrimSpace(last), 64)
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
