package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

// latency is a distribution in milliseconds.
type latency struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50_ms"`
	P95 float64 `json:"p95_ms"`
	P99 float64 `json:"p99_ms"`
	Max float64 `json:"max_ms"`
}

// category is one Zoom rate-limit label's traffic.
type category struct {
	Name    string `json:"name"`
	Limit   int    `json:"limit_per_s"` // 0 = unlimited
	Calls   int    `json:"calls"`       // every attempt, refused ones included
	OK      int    `json:"ok"`          // 2xx
	TooMany int    `json:"status_429"`
	// Rate is the calls Zoom processed (any answer but 429: a 404 spends
	// the budget too) over the span from the first to the last.
	Rate     float64 `json:"achieved_per_s"`
	PeakRate int     `json:"peak_per_s"` // processed calls in the busiest one-second window
}

// results is the summary the table and -json print.
type results struct {
	Date    string         `json:"date"`
	Machine machine        `json:"machine"`
	Options map[string]any `json:"options"`

	Replicas int    `json:"replicas"`
	Database string `json:"database"`

	Commands int             `json:"commands"`
	ByKind   map[kind]int    `json:"by_kind"`
	Outcomes map[outcome]int `json:"outcomes"`
	Lost     int             `json:"lost"`
	Failed   int             `json:"failed"`
	LateAcks int             `json:"late_acks"`

	Ack latency `json:"ack"` // as the fake Slack saw it: frame written → ack read
	// BurstAck is Ack for the opening burst's commands, SteadyAck for the
	// rest; Floor is the bare reader's for the same burst on its own fake.
	BurstAck  latency `json:"ack_opening_burst"`
	SteadyAck latency `json:"ack_after_burst"`
	Floor     latency `json:"ack_floor_burst"`
	BotAck    botAck  `json:"bot_ack"`             // as the bot's /metrics saw it
	E2E       latency `json:"end_to_end_schedule"` // envelope sent → meeting posted in the channel
	List      latency `json:"reply_list"`          // envelope sent → the list reply
	Cancel    latency `json:"reply_cancel"`        // envelope sent → the cancel reply

	SendSeconds  float64 `json:"send_s"`  // writing all envelopes
	TotalSeconds float64 `json:"total_s"` // first envelope → last final answer

	Zoom           []category `json:"zoom"`
	Creates        int        `json:"meeting_creates"`
	CreateRate     float64    `json:"meeting_create_per_s"`
	CreateLimit    int        `json:"meeting_create_limit_per_s"`
	Zoom429        int        `json:"zoom_429_seen_by_client"`
	User429        int        `json:"zoom_429_seen_by_users"`
	Duplicates     int        `json:"duplicates"`
	Orphans        int        `json:"zoom_meetings_without_db_row"`
	TokenCalls     int        `json:"zoom_token_calls"`
	ZoomUserCalls  int        `json:"zoom_user_calls"`
	UsersInfo      int        `json:"users_info_calls"`
	UsersScheduled int        `json:"users_who_scheduled"`

	BotCPUSeconds float64 `json:"bot_cpu_s"`
	IdleRSSMB     float64 `json:"idle_rss_mb"`
	PeakRSSMB     float64 `json:"peak_rss_mb"`
	DBBytes       int64   `json:"sqlite_bytes"`
	StopError     string  `json:"stop_error,omitempty"`
	// Problems describes up to maxProblems commands that did not end ok.
	Problems []string `json:"problems,omitempty"`
	TimedOut bool     `json:"timed_out"`
}

type machine struct {
	CPUs  int     `json:"cpus"`
	MemGB float64 `json:"mem_gb"`
	CPU   string  `json:"cpu"`
	OS    string  `json:"os"`
	Go    string  `json:"go"`
}

// summarise turns what a run observed into results.
func summarise(ctx context.Context, ob *observed) (*results, error) {
	o := ob.opts
	r := &results{
		Date: time.Now().UTC().Format(time.RFC3339), Machine: thisMachine(),
		Options: map[string]any{
			"commands": o.Commands, "users": o.Users, "concurrency": o.Concurrency, "rate": o.Rate,
			"zoom_latency": o.ZoomLatency.String(), "plan": o.Plan, "schedule": o.Schedule, "list": o.List,
			"cancel": o.Cancel, "first_time": o.FirstTime, "seed": o.Seed, "bot_env": o.BotEnv,
			"replicas": o.Replicas, "database": o.Database, "burst": o.Burst,
		},
		Replicas: o.Replicas, Database: o.Database,
		Commands: len(ob.w.Commands), ByKind: map[kind]int{}, Outcomes: map[outcome]int{},
		SendSeconds: ob.sentAll.Sub(ob.started).Seconds(), TotalSeconds: ob.finished.Sub(ob.started).Seconds(),
		TokenCalls: ob.zoom.TokenRequests(), UsersInfo: ob.slack.CountCalls("users.info"),
		BotAck: ob.botAck, BotCPUSeconds: ob.botCPU.Seconds(), IdleRSSMB: mb(ob.idleRSS), PeakRSSMB: mb(ob.peakRSS), DBBytes: ob.dbBytes, TimedOut: ob.timedOut,
	}
	if ob.stopErr != nil {
		r.StopError = ob.stopErr.Error()
	}

	acks := map[string]slacktest.Ack{}
	for _, a := range ob.acks {
		if _, seen := acks[a.EnvelopeID]; !seen && a.Problem != "unknown envelope_id" {
			acks[a.EnvelopeID] = a
		}
	}
	var ackLat, burstLat, steadyLat, e2e, list, cancel []time.Duration
	scheduled := map[string]bool{}
	for _, c := range ob.w.Commands {
		r.ByKind[c.Kind]++
		a, acked := acks[c.EnvelopeID]
		if acked {
			ackLat = append(ackLat, a.Latency)
			if c.InBurst {
				burstLat = append(burstLat, a.Latency)
			} else {
				steadyLat = append(steadyLat, a.Latency)
			}
			if a.Late {
				r.LateAcks++
			}
		}
		msgs := ob.col.messages(c.Channel)
		out := classify(c, acked, msgs)
		r.Outcomes[out]++
		if out != outcomeOK && len(r.Problems) < maxProblems {
			r.Problems = append(r.Problems, describe(c, out, msgs))
		}
		if c.Kind == kindSchedule {
			scheduled[c.User] = true
		}
		for _, m := range msgs {
			if rateLimitText.MatchString(m.Text) && m.Kind != slacktest.KindPost {
				r.User429++
				break
			}
		}
		for _, m := range msgs {
			if isFinal(c, m) {
				switch d := m.At.Sub(c.Sent); {
				case c.Kind == kindSchedule && m.Kind == slacktest.KindPost:
					e2e = append(e2e, d)
				case c.Kind == kindList:
					list = append(list, d)
				case c.Kind == kindCancel:
					cancel = append(cancel, d)
				}
				break
			}
		}
	}
	r.Lost, r.Failed = r.Outcomes[outcomeLost], r.Outcomes[outcomeFailed]
	r.UsersScheduled = len(scheduled)
	r.Ack, r.E2E, r.List, r.Cancel = dist(ackLat), dist(e2e), dist(list), dist(cancel)
	r.BurstAck, r.SteadyAck, r.Floor = dist(burstLat), dist(steadyLat), ob.floor

	r.zoomTraffic(ob.zoom.Calls(), planLimits[o.Plan])
	var err error
	r.Duplicates, r.Orphans, err = checkMeetings(ctx, ob)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// maxProblems bounds the examples kept of commands that did not end ok.
const maxProblems = 5

// describe is one line about a command that did not end ok.
func describe(c *command, out outcome, msgs []slacktest.Message) string {
	last := "no message"
	if len(msgs) > 0 {
		last = fmt.Sprintf("last message (%s): %.160q", msgs[len(msgs)-1].Kind, msgs[len(msgs)-1].Text)
	}
	if c.SendErr != nil {
		last = "send: " + c.SendErr.Error()
	}
	return fmt.Sprintf("%s: %q by %s in %s; %s", out, c.Text, c.User, c.Channel, last)
}

// zoomTraffic fills the per-category figures from the fake's call log.
// Categories are the client's (zoom-api.md §5): listing and creating
// meetings are Medium, the other routes the bot uses are Light.
func (r *results) zoomTraffic(calls []zoomtest.Call, limits zoomtest.Limits) {
	type acc struct {
		category
		processed []time.Time
	}
	cats := map[string]*acc{
		"Light":  {category: category{Name: "Light", Limit: limits.Light}},
		"Medium": {category: category{Name: "Medium", Limit: limits.Medium}},
	}
	var creates []time.Time
	for _, c := range calls {
		if c.Route == zoomtest.RouteToken {
			continue
		}
		if c.Route == zoomtest.RouteCreateUser || c.Route == zoomtest.RouteGetUser {
			r.ZoomUserCalls++
		}
		name := "Light"
		if c.Route == zoomtest.RouteCreateMeeting || c.Route == zoomtest.RouteListMeetings {
			name = "Medium"
		}
		a := cats[name]
		a.Calls++
		switch {
		case c.Status == 429:
			a.TooMany++
			r.Zoom429++
		case c.Status == 0: // the client gave up during the fake's delay: not processed
		default:
			a.processed = append(a.processed, c.At)
			if c.Status >= 200 && c.Status < 300 {
				a.OK++
				if c.Route == zoomtest.RouteCreateMeeting {
					creates = append(creates, c.At)
				}
			}
		}
	}
	for _, name := range []string{"Medium", "Light"} {
		a := cats[name]
		a.Rate = rate(a.processed)
		a.PeakRate = peakPerSecond(a.processed)
		r.Zoom = append(r.Zoom, a.category)
	}
	r.Creates, r.CreateRate, r.CreateLimit = len(creates), rate(creates), limits.Medium
}

// checkMeetings counts topics with more than one Zoom meeting, and Zoom
// meetings the bot's database does not know (issue 6: there must be none).
func checkMeetings(ctx context.Context, ob *observed) (dups, orphans int, err error) {
	topics := map[string]int{}
	db, err := storage.Open(ctx, ob.dbPath)
	if err != nil {
		return 0, 0, fmt.Errorf("open the bot's database: %w", err)
	}
	defer db.Close()
	for _, m := range ob.zoom.Meetings() {
		topics[m.Topic]++
		if _, err := db.GetMeeting(ctx, m.ID); err != nil {
			orphans++
		}
	}
	for _, n := range topics {
		if n > 1 {
			dups += n - 1
		}
	}
	return dups, orphans, nil
}

// rate is events per second between the first and the last event.
func rate(ts []time.Time) float64 {
	if len(ts) < 2 {
		return 0
	}
	ts = slices.Clone(ts)
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	span := ts[len(ts)-1].Sub(ts[0]).Seconds()
	if span <= 0 {
		return 0
	}
	return float64(len(ts)-1) / span
}

// peakPerSecond is the most events in any window [t, t+1s) starting at an event.
func peakPerSecond(ts []time.Time) int {
	ts = slices.Clone(ts)
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	best, j := 0, 0
	for i := range ts {
		for ts[i].Sub(ts[j]) >= time.Second {
			j++
		}
		best = max(best, i-j+1)
	}
	return best
}

// dist summarises durations with nearest-rank percentiles.
func dist(ds []time.Duration) latency {
	if len(ds) == 0 {
		return latency{}
	}
	ds = slices.Clone(ds)
	slices.Sort(ds)
	p := func(q float64) float64 {
		i := int(math.Ceil(q*float64(len(ds)))) - 1
		return ms(ds[max(i, 0)])
	}
	return latency{N: len(ds), P50: p(0.50), P95: p(0.95), P99: p(0.99), Max: ms(ds[len(ds)-1])}
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/float64(time.Microsecond)) / 1000 }

func mb(b int64) float64 { return math.Round(float64(b)/(1<<20)*10) / 10 }

func thisMachine() machine {
	m := machine{CPUs: runtime.NumCPU(), OS: runtime.GOOS + "/" + runtime.GOARCH, Go: runtime.Version()}
	if f, err := os.Open("/proc/meminfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var kb int64
			if _, err := fmt.Sscanf(sc.Text(), "MemTotal: %d kB", &kb); err == nil {
				m.MemGB = math.Round(float64(kb)/(1<<20)*10) / 10
				break
			}
		}
		f.Close()
	}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	return m
}

func writeJSON(w io.Writer, r *results) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// writeTable prints the results for people.
func writeTable(w io.Writer, r *results) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(name, format string, a ...any) { fmt.Fprintf(tw, "%s\t"+format+"\n", append([]any{name}, a...)...) }
	lat := func(l latency) string {
		return fmt.Sprintf("p50 %.2f  p95 %.2f  p99 %.2f  max %.2f ms  (n=%d)", l.P50, l.P95, l.P99, l.Max, l.N)
	}
	fmt.Fprintf(tw, "zoombench %s  %d CPUs, %.1f GB, %s, %s\n", r.Date, r.Machine.CPUs, r.Machine.MemGB, r.Machine.OS, r.Machine.Go)
	row("bot", "%d replica(s) on %s", r.Replicas, r.Database)
	row("commands", "%d (schedule %d, list %d, cancel %d) in %.2f s; all answered after %.2f s",
		r.Commands, r.ByKind[kindSchedule], r.ByKind[kindList], r.ByKind[kindCancel], r.SendSeconds, r.TotalSeconds)
	row("outcomes", "ok %d, refused with a clear message %d, failed %d, lost %d", r.Outcomes[outcomeOK],
		r.Outcomes[outcomeRefused], r.Failed, r.Lost)
	row("ack latency", "%s; late (>3 s) %d", lat(r.Ack), r.LateAcks)
	if r.BurstAck.N > 0 {
		row("  opening burst", "%s", lat(r.BurstAck))
		if r.Floor.N > 0 {
			row("  floor, same burst", "%s  (a bare reader that only acks)", lat(r.Floor))
		}
		row("  after the burst", "%s", lat(r.SteadyAck))
	}
	if r.BotAck.Scraped {
		row("ack inside the bot", "p50 ≤ %g  p99 ≤ %g ms  (n=%d; its /metrics histogram, read → ack)", r.BotAck.P50Max, r.BotAck.P99Max, r.BotAck.N)
	}
	row("end-to-end (schedule)", "%s", lat(r.E2E))
	row("reply to list", "%s", lat(r.List))
	row("reply to cancel", "%s", lat(r.Cancel))
	for _, c := range r.Zoom {
		limit := "unlimited"
		share := ""
		if c.Limit > 0 {
			limit = fmt.Sprintf("%d/s", c.Limit)
			share = fmt.Sprintf(" (%.0f%% of limit)", 100*c.Rate/float64(c.Limit))
		}
		row("zoom "+c.Name, "%.1f/s processed%s, peak %d in 1 s, limit %s; %d calls, %d ok (2xx), %d answered 429",
			c.Rate, share, c.PeakRate, limit, c.Calls, c.OK, c.TooMany)
	}
	createShare := ""
	if r.CreateLimit > 0 {
		createShare = fmt.Sprintf(" = %.1f%% of the %d/s limit", 100*r.CreateRate/float64(r.CreateLimit), r.CreateLimit)
	}
	row("meeting creates", "%d at %.2f/s%s", r.Creates, r.CreateRate, createShare)
	row("429s seen by client", "%d", r.Zoom429)
	row("429s seen by users", "%d", r.User429)
	row("duplicates", "%d", r.Duplicates)
	row("zoom meetings w/o db row", "%d", r.Orphans)
	row("zoom token calls", "%d", r.TokenCalls)
	row("users.info calls", "%d for %d users who scheduled (%d Zoom user lookups/creates)", r.UsersInfo, r.UsersScheduled, r.ZoomUserCalls)
	row("bot RSS", "idle %.1f MB (all replicas), peak %.1f MB (the largest)", r.IdleRSSMB, r.PeakRSSMB)
	row("bot CPU", "%.2f s during the run (all replicas)", r.BotCPUSeconds)
	if r.Database == "sqlite" {
		row("sqlite file", "%.1f KB", float64(r.DBBytes)/1024)
	}
	for _, p := range r.Problems {
		row("problem", "%s", p)
	}
	if r.TimedOut {
		row("NOTE", "timed out before every command was answered")
	}
	if r.StopError != "" {
		row("NOTE", "stopping zoombot: %s", r.StopError)
	}
	return tw.Flush()
}
