package bot

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

// meetingsTitled counts live (not deleted) Zoom meetings with that topic.
func (e *testEnv) meetingsTitled(topic string) int {
	n := 0
	for _, m := range e.zoom.Meetings() {
		if m.Topic == topic && !m.Deleted {
			n++
		}
	}
	return n
}

// orphans lists Zoom meetings with no row in our database.
func (e *testEnv) orphans() []int64 {
	var out []int64
	for _, m := range e.zoom.Meetings() {
		if _, err := e.db.GetMeeting(context.Background(), m.ID); err != nil {
			out = append(out, m.ID)
		}
	}
	return out
}

func TestRedeliveredSlashCommandMakesOneMeeting(t *testing.T) {
	e := newTestEnv(t)
	d, err := e.slack.SendSlashCommand(e.ctx(), slacktest.SlashCommand{ChannelID: testChannel, UserID: "UANA", Text: "schedule tomorrow 3pm standup"})
	e.settle(d, err)
	e.settle(e.slack.Redeliver(e.ctx(), d, "timeout"))
	e.settle(e.slack.Redeliver(e.ctx(), d, "timeout"))
	if n := e.meetingsTitled("standup"); n != 1 {
		t.Fatalf("%d meetings for one command delivered three times", n)
	}
	if n := len(e.find(postIn(testChannel))); n != 1 {
		t.Errorf("%d channel posts", n)
	}
}

func TestRedeliveredFormSubmissionMakesOneMeeting(t *testing.T) {
	e := newTestEnv(t)
	form := e.openForm("UANA")
	d, err := e.slack.SubmitView(e.ctx(), "UANA", form, formValues("Planning", "2026-11-30", "10:00", nil))
	e.settle(d, err)
	e.settle(e.slack.Redeliver(e.ctx(), d, "timeout"))
	if n := e.meetingsTitled("Planning"); n != 1 {
		t.Fatalf("%d meetings for one submission delivered twice", n)
	}
}

func TestDoubleSubmitAsksBeforeMakingASecond(t *testing.T) {
	e := newTestEnv(t)
	e.command("UANA", testChannel, "schedule tomorrow 3pm standup")
	e.clock.Advance(20 * time.Second)
	e.command("UANA", testChannel, "schedule tomorrow 3pm standup") // Enter pressed again
	if n := e.meetingsTitled("standup"); n != 1 {
		t.Fatalf("a double submit made %d meetings", n)
	}
	prompt := e.one("the duplicate prompt", and(privateTo("UANA"), contains("You just scheduled")))
	// "Schedule another", clicked twice, makes exactly one more.
	e.settle(e.slack.ClickButton(e.ctx(), "UANA", prompt, actionScheduleAgain))
	e.settle(e.slack.ClickButton(e.ctx(), "UANA", prompt, actionScheduleAgain))
	if n := e.meetingsTitled("standup"); n != 2 {
		t.Fatalf("after Schedule another (double click): %d meetings, want 2", n)
	}
	// Outside the window the same command is simply scheduled (and clashes).
	e.clock.Advance(2 * time.Minute)
	e.command("UANA", testChannel, "schedule tomorrow 3pm standup")
	e.one("clash warning", and(privateTo("UANA"), contains("You already host")))
}

func TestZoomDropAfterCreateIsReconciledToOneMeeting(t *testing.T) {
	e := newTestEnv(t)
	e.zoom.DropNext(zoomtest.RouteCreateMeeting, 1)
	e.command("UANA", testChannel, "schedule tomorrow 3pm standup")
	if n := e.meetingsTitled("standup"); n != 1 {
		t.Fatalf("%d meetings after a dropped create", n)
	}
	if o := e.orphans(); len(o) != 0 {
		t.Fatalf("meetings in Zoom without a row: %v", o)
	}
	e.one("the announcement", and(postIn(testChannel), contains("standup")))
	e.one("the host DM", and(dmTo("UANA"), contains("zak=")))
}

func TestCrashAfterZoomCreateIsFinishedAtStartupOnce(t *testing.T) {
	ShutdownGrace = 200 * time.Millisecond
	t.Cleanup(func() { ShutdownGrace = 10 * time.Second })
	e := newTestEnv(t)
	e.bot.afterZoomCreate = runtime.Goexit // the process "dies" right after Zoom answered
	e.command("UANA", testChannel, "schedule tomorrow 3pm standup")
	if n := e.meetingsTitled("standup"); n != 1 {
		t.Fatalf("setup: %d meetings", n)
	}
	if len(e.orphans()) != 1 || len(e.find(postIn(testChannel))) != 0 {
		t.Fatal("setup: the meeting should exist in Zoom only")
	}
	for i := 0; i < 2; i++ { // two restarts: the second finds nothing to do
		e.stop()
		e.start()
		e.bot.Wait()
	}
	if n := e.meetingsTitled("standup"); n != 1 {
		t.Fatalf("%d meetings after restarts", n)
	}
	if o := e.orphans(); len(o) != 0 {
		t.Fatalf("orphans after recovery: %v", o)
	}
	e.one("the announcement", and(postIn(testChannel), contains("standup")))
	e.one("the host DM", and(dmTo("UANA"), contains("zak=")))
	reqs, _ := e.db.RequestsInState(e.ctx(), storage.RequestReceived, storage.RequestZoomPending, storage.RequestCreated)
	if len(reqs) != 0 {
		t.Errorf("unfinished requests left: %+v", reqs)
	}
}

// meetingRoutesDown makes Zoom's meeting routes answer 503 while down is set.
func meetingRoutesDown(down *atomic.Bool) func(string) zoomtest.Fault {
	return func(route string) zoomtest.Fault {
		if down.Load() && strings.Contains(route, "meetings") {
			return zoomtest.Fault{Status: 503, Message: "Service Unavailable"}
		}
		return zoomtest.Fault{}
	}
}

func TestZoomOutageIsRetriedAndTheUserToldBothTimes(t *testing.T) {
	var down atomic.Bool
	e := newTestEnv(t, func(e *testEnv) { e.zoom.Chaos = meetingRoutesDown(&down) })
	down.Store(true)
	d, err := e.slack.SendSlashCommand(e.ctx(), slacktest.SlashCommand{ChannelID: testChannel, UserID: "UANA", Text: "schedule tomorrow 3pm standup"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.slack.WaitAck(e.ctx(), d.EnvelopeID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.slack.WaitMessage(e.ctx(), and(privateTo("UANA"), contains("Zoom isn't answering; I'll keep trying"))); err != nil {
		t.Fatalf("no outage notice: %v\n%s", err, e.logs)
	}
	time.Sleep(100 * time.Millisecond) // a few failed tries
	down.Store(false)
	if _, err := e.slack.WaitMessage(e.ctx(), and(privateTo("UANA"), contains("Zoom is back"))); err != nil {
		t.Fatalf("no success notice: %v\nmessages:%s\nlogs:\n%s", err, dump(e.slack.Messages()), e.logs)
	}
	e.bot.WaitRetries()
	if n := e.meetingsTitled("standup"); n != 1 {
		t.Fatalf("%d meetings", n)
	}
	e.one("the announcement", and(postIn(testChannel), contains("standup")))
}

func TestZoomOutageLongerThanTheWindowEndsInAClearMessage(t *testing.T) {
	var down atomic.Bool
	down.Store(true)
	e := newTestEnv(t, func(e *testEnv) {
		e.cfg.ZoomRetryWindow = 300 * time.Millisecond
		e.zoom.Chaos = meetingRoutesDown(&down)
	})
	e.command("UANA", testChannel, "schedule tomorrow 3pm standup")
	e.bot.WaitRetries()
	e.one("the give-up notice", and(privateTo("UANA"), contains("was not scheduled")))
	if n := len(e.zoom.Meetings()); n != 0 {
		t.Fatalf("%d meetings", n)
	}
}

func TestInjectedFaultsAcross200Commands(t *testing.T) {
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(1, 2))
	e := newTestEnv(t, func(e *testEnv) {
		e.zoom.Chaos = func(route string) zoomtest.Fault {
			mu.Lock()
			defer mu.Unlock()
			switch r := rng.Float64(); {
			case r < 0.07:
				return zoomtest.Fault{Status: 500, Message: "Internal Error"}
			case r < 0.14:
				return zoomtest.Fault{Status: 429, Code: 429, Message: "You have reached the maximum per-second rate limit for this API. Try again later."}
			case r < 0.20:
				if route == zoomtest.RouteCreateMeeting {
					return zoomtest.Fault{Drop: true}
				}
				return zoomtest.Fault{Status: 502, Message: "Bad Gateway"}
			}
			return zoomtest.Fault{}
		}
	})
	users := []string{"UANA", "UKEN", "ULI"}
	// Each command its own hour, so no clash warnings get in the way.
	e.sendAll(200, func(i int) (string, string) {
		return users[i%len(users)], fmt.Sprintf("schedule in %d hours chaos-%03d for 30m", 2+i, i)
	})
	e.zoom.SetChaos(nil)
	// Every command ends in a meeting or, for its user, a private message.
	missing := map[string]int{}
	made := 0
	for i := 0; i < 200; i++ {
		topic := fmt.Sprintf("chaos-%03d", i)
		switch n := e.meetingsTitled(topic); {
		case n > 1:
			t.Errorf("%s: %d meetings", topic, n)
		case n == 0:
			missing[users[i%len(users)]]++
		default:
			made++
		}
	}
	for user, n := range missing {
		if got := len(e.find(privateTo(user))); got < n {
			t.Errorf("%s: %d commands without a meeting but only %d messages", user, n, got)
		}
	}
	t.Logf("200 commands under 20%% faults: %d meetings, %v without (each with a message)", made, missing)
	if o := e.orphans(); len(o) != 0 {
		t.Errorf("%d meetings in Zoom without a row: %v", len(o), o)
	}
	reqs, _ := e.db.RequestsInState(e.ctx(), storage.RequestReceived, storage.RequestZoomPending, storage.RequestCreated)
	if len(reqs) != 0 {
		t.Errorf("%d requests unfinished", len(reqs))
	}
}

func TestWeekdaySeriesPickedOnASaturdayIsReconciledOnce(t *testing.T) {
	e := newTestEnv(t)
	form := e.openForm("UANA")
	e.zoom.DropNext(zoomtest.RouteCreateMeeting, 1)
	values := formValues("Daily sync", "2026-11-28", "09:00", map[string]map[string]any{ // a Saturday
		fieldRepeat:      {fieldRepeat: map[string]any{"type": "static_select", "selected_option": map[string]any{"value": "weekdays"}}},
		fieldRepeatCount: {fieldRepeatCount: map[string]any{"type": "plain_text_input", "value": "5"}},
	})
	e.settle(e.slack.SubmitView(e.ctx(), "UANA", form, values))
	e.bot.WaitRetries()
	if n := e.meetingsTitled("Daily sync"); n != 1 {
		t.Fatalf("%d series after a dropped create", n)
	}
	if o := e.orphans(); len(o) != 0 {
		t.Fatalf("orphans: %v", o)
	}
	m, _ := e.db.GetMeeting(e.ctx(), e.zoom.Meetings()[0].ID)
	if wd := m.Start.In(mustZone(t, "America/New_York")).Weekday(); wd != time.Monday {
		t.Errorf("the series starts on %v, want Monday", wd)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestGivingUpAfterAnUnknownOutcomeKeepsCheckingInsteadOfLeavingAnOrphan(t *testing.T) {
	var down atomic.Bool
	e := newTestEnv(t, func(e *testEnv) {
		e.cfg.ZoomRetryWindow = 200 * time.Millisecond
		e.zoom.Chaos = meetingRoutesDown(&down)
	})
	// The first create is processed but its answer lost; then Zoom's meeting
	// routes go quiet for longer than the retry window.
	var dropped atomic.Bool
	e.zoom.SetChaos(func(route string) zoomtest.Fault {
		if route == zoomtest.RouteCreateMeeting && !dropped.Swap(true) {
			down.Store(true)
			return zoomtest.Fault{Drop: true}
		}
		return meetingRoutesDown(&down)(route)
	})
	d, err := e.slack.SendSlashCommand(e.ctx(), slacktest.SlashCommand{ChannelID: testChannel, UserID: "UANA", Text: "schedule tomorrow 3pm standup"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.slack.WaitAck(e.ctx(), d.EnvelopeID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.slack.WaitMessage(e.ctx(), and(privateTo("UANA"), contains("It may have created"))); err != nil {
		t.Fatalf("no honest give-up: %v\n%s\n%s", err, dump(e.slack.Messages()), e.logs)
	}
	if e.find(and(privateTo("UANA"), contains("was not scheduled"))) != nil {
		t.Fatal("told the user it was not scheduled while Zoom may have created it")
	}
	down.Store(false)
	e.zoom.SetChaos(nil)
	if _, err := e.slack.WaitMessage(e.ctx(), and(privateTo("UANA"), contains("it had created *standup*"))); err != nil {
		t.Fatalf("no final answer: %v\n%s", err, dump(e.slack.Messages()))
	}
	e.bot.WaitRetries()
	if n := e.meetingsTitled("standup"); n != 1 {
		t.Fatalf("%d meetings", n)
	}
	if o := e.orphans(); len(o) != 0 {
		t.Fatalf("orphans: %v", o)
	}
	e.one("the announcement", and(postIn(testChannel), contains("standup")))
}

func TestDoubleSubmitWhileZoomIsDownMakesOne(t *testing.T) {
	var down atomic.Bool
	e := newTestEnv(t, func(e *testEnv) {
		e.cfg.HostConcurrency = 2 // so only the double-submit check stands between them
		e.zoom.Chaos = meetingRoutesDown(&down)
	})
	e.command("UANA", testChannel, "list")
	down.Store(true)
	e.command("UANA", testChannel, "schedule tomorrow 3pm retro")
	e.clock.Advance(5 * time.Second)
	e.command("UANA", testChannel, "schedule tomorrow 3pm retro")
	e.one("the prompt", and(privateTo("UANA"), contains("still scheduling it")))
	down.Store(false)
	e.bot.WaitRetries()
	if n := e.meetingsTitled("retro"); n != 1 {
		t.Fatalf("%d meetings for a double submit during an outage", n)
	}
}

func TestANewUsersBurstLooksTheirZoomUserUpOnce(t *testing.T) {
	e := newTestEnv(t)
	e.sendAll(10, func(i int) (string, string) {
		return "UKEN", fmt.Sprintf("schedule in %d hours burst-%d for 30m", 2+i, i)
	})
	if n := e.zoomCalls(zoomtest.RouteGetUser) + e.zoomCalls(zoomtest.RouteCreateUser); n != 2 {
		t.Errorf("%d Zoom user calls for one new user's 10 commands, want 2 (one lookup, one create)", n)
	}
}

func TestMeetingRowLostAfterTheRequestRecordedItIsRestoredFromZoom(t *testing.T) {
	ShutdownGrace = 200 * time.Millisecond
	t.Cleanup(func() { ShutdownGrace = 10 * time.Second })
	e := newTestEnv(t)
	// The process records the Zoom id on the request, then dies before the
	// meeting row is written: simulated by deleting the row it did write.
	e.bot.afterZoomCreate = nil
	e.command("UANA", testChannel, "schedule tomorrow 3pm standup")
	id := e.zoom.Meetings()[0].ID
	req, err := e.db.RequestsInState(e.ctx(), storage.RequestAnnounced)
	if err != nil || len(req) == 0 {
		t.Fatalf("requests: %v %v", req, err)
	}
	e.stop()
	raw, err := sqlOpen(e.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DELETE FROM occurrences WHERE meeting_id = ?`, `DELETE FROM invitees WHERE meeting_id = ?`,
		`DELETE FROM meetings WHERE id = ?`, `UPDATE requests SET state = 'created' WHERE meeting_id = ?`} {
		if _, err := raw.Exec(q, id); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	e.clock.Advance(time.Minute) // the dead process's lease lapses
	e.start()
	e.bot.Wait()
	m, err := e.db.GetMeeting(e.ctx(), id)
	if err != nil || m.Topic != "standup" {
		t.Fatalf("meeting row after recovery: %+v %v", m, err)
	}
	if n := e.meetingsTitled("standup"); n != 1 {
		t.Fatalf("%d Zoom meetings", n)
	}
}
