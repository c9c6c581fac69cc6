package bot

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
)

// Config holds the bot's settings. Each field says what its zero value means.
type Config struct {
	// DefaultDuration is used when a command gives none (ZOOMBOT_DEFAULT_DURATION).
	// Zero means 30 minutes.
	DefaultDuration time.Duration
	// ZoomUserType is the Zoom user type given to users the bot creates with
	// custCreate (ZOOM_USER_TYPE): 1 Basic, 2 Licensed. Zero means 1.
	ZoomUserType int
	// UserCacheTTL is how long a Slack user's zone and email are trusted
	// before users.info is asked again. Zero means one hour.
	UserCacheTTL time.Duration
	// BotName is how help text tells people to invite the bot. Empty means
	// "@zoom-scheduler", the manifest's display name.
	BotName string
	// HostConcurrency is how many meetings one Zoom user may run at once
	// (ZOOMBOT_HOST_CONCURRENCY): 1 on Pro, 2 for licensed users on
	// Business plans. Zero means 1.
	HostConcurrency int
	// HostPool lists Zoom users (emails or ids) that host every meeting
	// (ZOOMBOT_HOST_POOL); each meeting gets one free for its whole slot.
	// Empty means each requester hosts their own meetings.
	HostPool []string
	// ZoomRetryWindow is how long a request keeps trying while Zoom is down.
	// Zero means 10 minutes.
	ZoomRetryWindow time.Duration
	// RetryBackoff is the first pause between those tries; it doubles up to
	// 30 s. Zero means 5 s.
	RetryBackoff time.Duration
	// MaxScheduling caps how many requests create meetings at once (several
	// database writes and Zoom calls each), so a burst can't starve the ack
	// loop of CPU; lists, cancels, help and forms are not held back. Zero
	// means 16.
	MaxScheduling int
	// Metrics receives measurements. Nil means none.
	Metrics Metrics
	// ReminderLead is how long before each meeting a reminder is posted in
	// its thread (ZOOMBOT_REMINDER). Zero turns reminders off.
	ReminderLead time.Duration
	// ReminderTick is how often due reminders are looked for. Zero means
	// every 15 seconds.
	ReminderTick time.Duration
	// PublicURL is where the bot's HTTP server is reachable from people's
	// browsers (for .ics downloads). Empty means no .ics links.
	PublicURL string
	// LinkSecret signs .ics links. Empty means no .ics links.
	LinkSecret []byte
	// SkipRecordings stops the bot posting cloud recordings after
	// recording.completed (ZOOMBOT_POST_RECORDINGS=false). False means they
	// are posted.
	SkipRecordings bool
	// SkipSummaries stops it posting AI Companion summaries after
	// meeting.summary_completed (ZOOMBOT_POST_SUMMARIES=false). False means
	// they are posted.
	SkipSummaries bool
	// ReplicaID names this process among the replicas sharing the database:
	// the owner of the request leases it holds. Empty means the host name,
	// process id and a random suffix.
	ReplicaID string
	// LeaseTTL is how long a replica's claim on a request lasts unless
	// renewed: how soon another replica takes over the work of one that
	// died. Zero means 30 seconds.
	LeaseTTL time.Duration
	// RecoverTick is how often leases are renewed and lapsed requests looked
	// for (at most a third of LeaseTTL). Zero means 10 seconds.
	RecoverTick time.Duration
	// Logger receives the bot's logs. Nil means slog.Default().
	Logger *slog.Logger
	// Now is the clock. Nil means time.Now.
	Now func() time.Time
}

func (c Config) withDefaults() Config {
	if c.DefaultDuration <= 0 {
		c.DefaultDuration = 30 * time.Minute
	}
	if c.ZoomUserType == 0 {
		c.ZoomUserType = 1
	}
	if c.UserCacheTTL <= 0 {
		c.UserCacheTTL = time.Hour
	}
	if c.BotName == "" {
		c.BotName = "@zoom-scheduler"
	}
	if c.HostConcurrency < 1 {
		c.HostConcurrency = 1
	}
	if c.ZoomRetryWindow <= 0 {
		c.ZoomRetryWindow = 10 * time.Minute
	}
	if c.RetryBackoff <= 0 {
		c.RetryBackoff = 5 * time.Second
	}
	if c.MaxScheduling <= 0 {
		c.MaxScheduling = 16
	}
	if c.Metrics == nil {
		c.Metrics = noMetrics{}
	}
	if c.ReminderTick <= 0 {
		c.ReminderTick = 15 * time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.ReplicaID == "" {
		c.ReplicaID = defaultReplicaID()
	}
	if c.LeaseTTL <= 0 {
		c.LeaseTTL = 30 * time.Second
	}
	if c.RecoverTick <= 0 {
		c.RecoverTick = 10 * time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Bot schedules Zoom meetings for Slack users. Create it with New; it is safe
// for concurrent use.
type Bot struct {
	slack *slack.Client
	zoom  *zoom.Client
	db    *storage.DB
	cfg   Config
	log   *slog.Logger

	users    userCache
	metrics  Metrics
	slots    keyedMutex // one scheduling request per user and slot at a time
	mappings keyedMutex // one Zoom user lookup per Slack user at a time
	pool     poolCache

	// stopping is closed when Run's context ends, so background retries
	// stop and leave their requests for Recover.
	stopping chan struct{}
	stopOnce sync.Once
	heavy    chan struct{} // a semaphore of MaxScheduling

	connected, everConnected atomic.Bool

	replicaID string
	started   time.Time // when this replica started, for the replicas table
	journal   journal   // records acked envelopes
	leases    leaseSet  // requests this replica works on
	gate      burstGate // holds work back while a burst is being acked
	share     int       // live replicas the Zoom rate limits were last split among
	warned    onceSet   // setup problems already logged (a missing Zoom scope)

	// afterZoomCreate, when set by a test, runs right after the Zoom create
	// call returns: a test can end the goroutine there to simulate a crash.
	afterZoomCreate func()
	// afterJournal, when set by a test, runs right after an envelope's
	// request row was written, before its handler.
	afterJournal func()

	// work tracks handlers still running after their ack, so Run can let
	// them finish on shutdown; retries tracks requests waiting for Zoom to
	// come back, which may take minutes.
	work    inflight
	retries sync.WaitGroup
	loops   sync.WaitGroup // the reminder loop
}

// New returns a Bot that talks to Slack through sc, to Zoom through zc, and
// keeps its records in db.
func New(sc *slack.Client, zc *zoom.Client, db *storage.DB, cfg Config) *Bot {
	cfg = cfg.withDefaults()
	b := &Bot{slack: sc, zoom: zc, db: db, cfg: cfg, log: cfg.Logger, metrics: cfg.Metrics, stopping: make(chan struct{}),
		heavy: make(chan struct{}, cfg.MaxScheduling), replicaID: cfg.ReplicaID, started: cfg.Now(), share: 1}
	if db != nil {
		b.journal.write = db.BeginRequests
	}
	b.users.ttl = cfg.UserCacheTTL
	// The records' timestamps (created_at, the duplicate window) follow
	// the bot's clock.
	if db != nil {
		db.Now = cfg.Now
	}
	return b
}

func (b *Bot) now() time.Time { return b.cfg.Now() }

// heavyWork waits for a MaxScheduling slot; call the returned func when done.
func (b *Bot) heavyWork(ctx context.Context) (done func(), err error) {
	select {
	case b.heavy <- struct{}{}:
		return func() { <-b.heavy }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// detached returns a context for work that must outlive the envelope that
// started it (the socket may reconnect, or shutdown may begin) but still
// ends eventually.
func detached(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), d)
}

// defaultReplicaID is unique per process: host name (a pod's name on
// Kubernetes), process id and a random suffix, since a restarted container
// may reuse both.
func defaultReplicaID() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s-%d-%04x", host, os.Getpid(), rand.N(1<<16))
}
