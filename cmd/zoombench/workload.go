package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

// kind is what a command asks the bot to do.
type kind string

const (
	kindSchedule kind = "schedule"
	kindList     kind = "list"
	kindCancel   kind = "cancel"
)

// teamID is the fake workspace's id (slacktest's default).
const teamID = "T0001"

// seedIDBase numbers the meetings seeded for cancels: 11 digits, like
// Zoom's, and far from the ids the fake Zoom hands out.
const seedIDBase = 80_000_000_000

// zones spread users over a few time zones, so the parser and the rendering
// see more than UTC.
var zones = []string{"America/New_York", "Europe/Berlin", "Asia/Tokyo", "UTC", "America/Los_Angeles"}

// benchUser is one Slack user of the workload.
type benchUser struct {
	ID, Email, TZ string
	ZoomID        string // "" for a first-time user: the bot must find or create one
}

// command is one /zoom invocation and what became of it.
type command struct {
	Index   int
	Kind    kind
	User    string
	Channel string // unique per command, so every reply can be told apart
	Text    string
	Topic   string // schedule: unique, to find its channel message and its Zoom meeting
	Seed    int64  // cancel: the seeded meeting it cancels

	Sent       time.Time
	EnvelopeID string
	SendErr    error
	InBurst    bool // sent in the opening burst
}

// workload is the users and commands of one run, fixed by the seed.
type workload struct {
	Users    []benchUser
	Commands []*command
}

// newWorkload builds the run: users [0, firstTime) are new, the rest have a
// Zoom user and a stored mapping. Kinds are drawn from the mix; schedule and
// list rotate over all users, cancels over returning users, each cancelling
// a meeting seeded for it. Each user's schedules get distinct hours, so the
// bot's clash check never fires.
func newWorkload(o options) *workload {
	rng := rand.New(rand.NewPCG(o.Seed, 0x2b0))
	w := &workload{}
	first := firstTimeUsers(o)
	for i := range o.Users {
		u := benchUser{
			ID:    fmt.Sprintf("UB%05d", i),
			Email: fmt.Sprintf("bench%05d@zoombench.example.com", i),
			TZ:    zones[i%len(zones)],
		}
		if i >= first {
			u.ZoomID = fmt.Sprintf("zbench%05d", i)
		}
		w.Users = append(w.Users, u)
	}
	perUser := make([]int, o.Users)
	nextAny, nextReturning := 0, 0
	for i := range o.Commands {
		c := &command{Index: i, Channel: fmt.Sprintf("CB%06d", i)}
		r := rng.Float64()
		switch {
		case r < o.Schedule:
			c.Kind = kindSchedule
		case r < o.Schedule+o.List:
			c.Kind = kindList
		default:
			c.Kind = kindCancel
		}
		switch c.Kind {
		case kindSchedule:
			u := nextAny % o.Users
			nextAny++
			k := perUser[u]
			perUser[u]++
			c.User = w.Users[u].ID
			c.Topic = fmt.Sprintf("Bench-c%05d", i)
			c.Text = fmt.Sprintf("schedule in %d days at %d:00 for 30m %s", 1+k/8, 9+k%8, c.Topic)
		case kindList:
			c.User = w.Users[nextAny%o.Users].ID
			nextAny++
			c.Text = "list"
		case kindCancel:
			c.User = w.Users[first+nextReturning%(o.Users-first)].ID
			nextReturning++
			c.Seed = seedIDBase + int64(i)
			c.Text = fmt.Sprintf("cancel %d", c.Seed)
		}
		w.Commands = append(w.Commands, c)
	}
	return w
}

// user returns the user with that id.
func (w *workload) user(id string) benchUser {
	for _, u := range w.Users {
		if u.ID == id {
			return u
		}
	}
	return benchUser{}
}

// setUp gives every user a Slack profile, gives returning users a Zoom user
// and a stored mapping, and stores the meetings the cancels will cancel.
// The seeded meetings exist only in the database: the bot's DELETE gets
// Zoom's 404, after which it cancels all the same (one Light call either way).
func (w *workload) setUp(ctx context.Context, sl *slacktest.Server, zs *zoomtest.Server, dbPath string, now time.Time) error {
	for _, u := range w.Users {
		sl.AddUser(slacktest.User{ID: u.ID, RealName: "Bench " + u.ID, TZ: u.TZ, Email: u.Email})
		if u.ZoomID != "" {
			zs.AddUser(zoomtest.User{ID: u.ZoomID, Email: u.Email, FirstName: "Bench", LastName: u.ID, Type: 2})
		}
	}
	db, err := storage.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, u := range w.Users {
		if u.ZoomID == "" {
			continue
		}
		if err := db.PutUserMapping(ctx, &storage.UserMapping{TeamID: teamID, SlackUserID: u.ID,
			ZoomUserID: u.ZoomID, ZoomEmail: u.Email, ZoomUserType: 2}); err != nil {
			return fmt.Errorf("seed mapping: %w", err)
		}
	}
	for _, c := range w.Commands {
		if c.Kind != kindCancel {
			continue
		}
		u := w.user(c.User)
		m := &storage.Meeting{
			ID: c.Seed, UUID: fmt.Sprintf("seed-%d", c.Seed), HostZoomUserID: u.ZoomID, HostEmail: u.Email,
			TeamID: teamID, ChannelID: "CSEED", RequesterID: u.ID, Topic: fmt.Sprintf("Seeded-c%05d", c.Index),
			Start:    now.Add(30*24*time.Hour + time.Duration(c.Index)*time.Hour).Truncate(time.Hour),
			Duration: 30 * time.Minute, Timezone: u.TZ,
			JoinURL: fmt.Sprintf("https://zoom.example.test/j/%d", c.Seed), Passcode: "seed",
		}
		if err := db.CreateMeeting(ctx, m); err != nil {
			return fmt.Errorf("seed meeting: %w", err)
		}
	}
	return nil
}
