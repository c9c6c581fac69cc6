package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/zoombot/zoombot/zoom/zoomtest"
)

// options are the flags.
type options struct {
	Commands    int
	Users       int
	Concurrency int           // commands sent and not yet acked, at most
	Rate        float64       // arrivals per second; 0 = as fast as Concurrency allows (a burst)
	ZoomLatency time.Duration // added by the fake Zoom to every API call
	Plan        string        // free, pro, business or unlimited: the fake Zoom's limits
	Schedule    float64       // shares of the command mix, normalised
	List        float64
	Cancel      float64
	FirstTime   float64 // share of users with no Zoom user and no mapping yet
	Timeout     time.Duration
	Settle      time.Duration // quiet time after the last result, to catch late duplicates
	Seed        uint64
	Bot         string  // prebuilt zoombot binary; "" = go build ./cmd/zoombot
	KeepDir     bool    // keep the temp dir (database, bot log)
	BotEnv      envList // extra KEY=VALUE for the bot only, e.g. GOGC=400
	JSON        bool
	CPUProfile  string // of zoombench itself: the fakes and the driver
	Burst       int    // the first Burst commands are sent at once, before the rest
	NoFloor     bool   // skip the bare reader's burst
	Replicas    int    // zoombot processes sharing the database and the Slack app
	Database    string // sqlite or postgres
	DatabaseURL string // an existing PostgreSQL server's URL; "" = a throwaway one
}

// planLimits maps -plan to the fake Zoom's per-second limits.
var planLimits = map[string]zoomtest.Limits{
	"free":      zoomtest.FreeLimits,
	"pro":       zoomtest.ProLimits,
	"business":  zoomtest.BusinessLimits,
	"unlimited": {},
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("zoombench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.Commands, "commands", 1000, "number of /zoom commands to send")
	fs.IntVar(&o.Users, "users", 200, "distinct Slack users sending them")
	fs.IntVar(&o.Concurrency, "concurrency", 50, "commands in flight: sent and not yet acked, at most (set it to -commands for an open burst)")
	fs.Float64Var(&o.Rate, "rate", 0, "arrival rate in commands per second; 0 = a burst, as fast as -concurrency allows")
	fs.DurationVar(&o.ZoomLatency, "zoom-latency", 150*time.Millisecond, "latency the fake Zoom adds to every API call")
	fs.StringVar(&o.Plan, "plan", "pro", "Zoom plan whose per-second limits the fake enforces: free, pro, business or unlimited")
	fs.Float64Var(&o.Schedule, "schedule", 0.8, "share of commands that are /zoom schedule")
	fs.Float64Var(&o.List, "list", 0.1, "share of commands that are /zoom list")
	fs.Float64Var(&o.Cancel, "cancel", 0.1, "share of commands that are /zoom cancel (of meetings already in the database)")
	fs.Float64Var(&o.FirstTime, "first-time", 0.2, "share of users who are new: users.info, then a Zoom user lookup and creation")
	fs.DurationVar(&o.Timeout, "timeout", 3*time.Minute, "give up waiting for results after this long")
	fs.DurationVar(&o.Settle, "settle", 500*time.Millisecond, "keep watching this long after the last result, for late duplicates")
	fs.Uint64Var(&o.Seed, "seed", 1, "seed of the workload's random choices")
	fs.StringVar(&o.Bot, "bot", "", "zoombot binary to run; empty = build ./cmd/zoombot of this module into a temp dir")
	fs.Var(&o.BotEnv, "env", "KEY=VALUE to set in the bot's environment only (repeatable), e.g. -env GOGC=400")
	fs.BoolVar(&o.KeepDir, "keep", false, "keep the temp dir with the database and the bot's log")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile of zoombench itself (the fakes and the driver, not the bot) to this file")
	fs.BoolVar(&o.JSON, "json", false, "print the results as one JSON object")
	fs.IntVar(&o.Burst, "burst", 100, "send the first N commands all at once (a class typing /zoom now together), then the rest with -concurrency; their acks are reported apart; 0 = no opening burst")
	fs.BoolVar(&o.NoFloor, "no-floor", false, "skip the floor: a bare reader that only acks, given the same burst on the same fake, to show what acking costs with no bot behind it")
	fs.IntVar(&o.Replicas, "replicas", 1, "zoombot processes sharing the database, each with its own Socket Mode connection (more than 1 needs -database postgres)")
	fs.StringVar(&o.Database, "database", "sqlite", "the bot's database: sqlite (a file in the temp dir) or postgres")
	fs.StringVar(&o.DatabaseURL, "database-url", "", "with -database postgres: a server to create the run's database on (postgres://user:pass@host/postgres); empty = start a throwaway server from the machine's PostgreSQL binaries")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	var bad []string
	if o.Commands < 1 {
		bad = append(bad, "-commands must be at least 1")
	}
	if o.Users < 1 {
		bad = append(bad, "-users must be at least 1")
	}
	if o.Burst < 0 || o.Burst > o.Commands {
		bad = append(bad, "-burst must be from 0 to -commands")
	}
	if o.Concurrency < 1 {
		bad = append(bad, "-concurrency must be at least 1")
	}
	if o.Rate < 0 || o.ZoomLatency < 0 || o.Timeout <= 0 || o.Settle < 0 {
		bad = append(bad, "-rate, -zoom-latency and -settle must not be negative, -timeout must be positive")
	}
	switch {
	case o.Database != "sqlite" && o.Database != "postgres":
		bad = append(bad, fmt.Sprintf("-database must be sqlite or postgres, not %q", o.Database))
	case o.Replicas < 1 || o.Replicas > 10:
		bad = append(bad, "-replicas must be from 1 to 10 (Slack allows 10 Socket Mode connections per app)")
	case o.Replicas > 1 && o.Database != "postgres":
		bad = append(bad, "-replicas above 1 needs -database postgres: a SQLite file serves one process")
	}
	if _, ok := planLimits[o.Plan]; !ok {
		bad = append(bad, fmt.Sprintf("-plan must be free, pro, business or unlimited, not %q", o.Plan))
	}
	sum := o.Schedule + o.List + o.Cancel
	if o.Schedule < 0 || o.List < 0 || o.Cancel < 0 || sum <= 0 {
		bad = append(bad, "-schedule, -list and -cancel must not be negative and must not all be 0")
	} else {
		o.Schedule, o.List, o.Cancel = o.Schedule/sum, o.List/sum, o.Cancel/sum
	}
	if o.FirstTime < 0 || o.FirstTime > 1 {
		bad = append(bad, "-first-time must be between 0 and 1")
	} else if o.Cancel > 0 && returningUsers(o) == 0 {
		// Cancels need meetings already stored, and only returning users have any.
		bad = append(bad, "-cancel needs returning users: lower -first-time or raise -users")
	}
	if len(bad) > 0 {
		return o, fmt.Errorf("%s", strings.Join(bad, "; "))
	}
	return o, nil
}

// envList is a repeatable KEY=VALUE flag.
type envList []string

func (e *envList) String() string { return strings.Join(*e, " ") }

func (e *envList) Set(v string) error {
	if k, _, ok := strings.Cut(v, "="); !ok || k == "" {
		return fmt.Errorf("want KEY=VALUE, got %q", v)
	}
	*e = append(*e, v)
	return nil
}

// firstTimeUsers is how many of the users are new.
func firstTimeUsers(o options) int { return int(o.FirstTime*float64(o.Users) + 0.5) }

func returningUsers(o options) int { return o.Users - firstTimeUsers(o) }
