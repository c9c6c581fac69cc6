package bot

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

// Several replicas on one PostgreSQL database (issue 15): three bots, each
// with its own Socket Mode connection to the same fake Slack, its own Zoom
// client and its own database handle. Every exactly-once guarantee must
// hold across them.

func newCluster(t *testing.T, opts ...func(*testEnv)) *testEnv {
	return newTestEnv(t, append([]func(*testEnv){onPostgres, withReplicas(3)}, opts...)...)
}

func addTeachers(e *testEnv, n int) {
	for i := range n {
		e.slack.AddUser(slacktest.User{ID: fmt.Sprintf("UT%03d", i), Name: fmt.Sprintf("teacher%03d", i),
			TZ: "America/New_York", TZOffset: -5 * 3600, Email: fmt.Sprintf("t%03d@example.com", i)})
	}
}

// unfinished lists the requests whose work is not done.
func (e *testEnv) unfinished() []storage.Request {
	reqs, _ := e.db.RequestsInState(e.ctx(), storage.RequestReceived, storage.RequestZoomPending, storage.RequestCreated)
	return reqs
}

func TestReplicasBurstOf300CommandsFrom100Users(t *testing.T) {
	e := newCluster(t, func(e *testEnv) { addTeachers(e, 100) })
	// Three commands per user at different hours: no clash gets in the way.
	e.sendAll(300, func(i int) (string, string) {
		return fmt.Sprintf("UT%03d", i%100), fmt.Sprintf("schedule tomorrow %dam burst-%03d", 8+i/100, i)
	})
	e.waitAll()
	for i := range 300 {
		if n := e.meetingsTitled(fmt.Sprintf("burst-%03d", i)); n != 1 {
			t.Errorf("burst-%03d: %d meetings", i, n)
		}
	}
	if n := len(e.zoom.Meetings()); n != 300 {
		t.Errorf("%d meetings in Zoom, want 300", n)
	}
	if n := len(e.find(postIn(testChannel))); n != 300 {
		t.Errorf("%d channel posts, want 300", n)
	}
	if o := e.orphans(); len(o) != 0 {
		t.Errorf("orphans: %v", o)
	}
	if u := e.unfinished(); len(u) != 0 {
		t.Errorf("%d requests unfinished", len(u))
	}
	// The work really was spread: each replica did its share.
	done, _ := e.db.RequestsInState(e.ctx(), storage.RequestAnnounced)
	per := map[string]int{}
	for _, r := range done {
		per[r.Owner]++
	}
	for _, r := range e.reps {
		if per[r.bot.replicaID] < 50 {
			t.Errorf("replica %s did %d of the requests; the burst was not spread: %v", r.bot.replicaID, per[r.bot.replicaID], per)
		}
	}
}

func TestReplicasOneEnvelopeDeliveredToTwoMakesOneMeeting(t *testing.T) {
	e := newCluster(t)
	d, err := e.slack.SendSlashCommand(e.ctx(), slacktest.SlashCommand{ChannelID: testChannel, UserID: "UANA", Text: "schedule tomorrow 3pm standup"})
	if err != nil {
		t.Fatal(err)
	}
	// Slack retries before the first ack is read, on another replica.
	again, err := e.slack.RedeliverElsewhere(e.ctx(), d, "timeout")
	if err != nil {
		t.Fatal(err)
	}
	if again.Conn == d.Conn {
		t.Fatal("the redelivery went to the same connection")
	}
	e.settle(d, nil)
	e.settle(again, nil)
	e.waitAll()
	if n := e.meetingsTitled("standup"); n != 1 {
		t.Fatalf("%d meetings for one command delivered to two replicas", n)
	}
	if n := len(e.find(postIn(testChannel))); n != 1 {
		t.Errorf("%d channel posts", n)
	}
	if n := len(e.find(dmTo("UANA"))); n != 1 {
		t.Errorf("%d host DMs", n)
	}
}

// atOnce sends each text as UANA to its replica's connection, all at once,
// and waits for every ack and all the work.
func (e *testEnv) atOnce(texts map[*replica]string) {
	var wg sync.WaitGroup
	for r, text := range texts {
		wg.Go(func() {
			d, err := e.slack.SendSlashCommand(slacktest.ToConnection(e.ctx(), r.conn),
				slacktest.SlashCommand{ChannelID: testChannel, UserID: "UANA", Text: text})
			if err == nil {
				_, err = e.slack.WaitAck(e.ctx(), d.EnvelopeID)
			}
			if err != nil {
				e.t.Error(err)
			}
		})
	}
	wg.Wait()
	e.waitAll()
}

func TestReplicasDoubleSubmitOnTwoReplicasMakesOneMeetingAndOnePrompt(t *testing.T) {
	e := newCluster(t)
	e.atOnce(map[*replica]string{e.reps[0]: "schedule tomorrow 3pm standup", e.reps[1]: "schedule tomorrow 3pm standup"})
	if n := e.meetingsTitled("standup"); n != 1 {
		t.Fatalf("%d meetings, want 1", n)
	}
	e.one("the duplicate prompt", and(privateTo("UANA"), contains("Schedule another?")))
}

func TestReplicasHostClashOnTwoReplicasMakesOneMeetingAndOneClashPrompt(t *testing.T) {
	e := newCluster(t)
	e.atOnce(map[*replica]string{e.reps[1]: "schedule tomorrow 3pm topic-0", e.reps[2]: "schedule tomorrow 3pm topic-1"})
	if n := e.meetingsTitled("topic-0") + e.meetingsTitled("topic-1"); n != 1 {
		t.Fatalf("%d meetings for one host in one slot, want 1", n)
	}
	e.one("the clash prompt", and(privateTo("UANA"), contains("You already host")))
}

func TestReplicasPoolOfFiveAndTwentyRequestsForOneSlot(t *testing.T) {
	var pool []string
	e := newCluster(t, func(e *testEnv) {
		for i := range 5 {
			u := e.zoom.AddUser(zoomtest.User{Email: fmt.Sprintf("host%02d@example.com", i), FirstName: "Host", LastName: fmt.Sprint(i), Type: 2})
			pool = append(pool, u.Email)
		}
		e.cfg.HostPool = pool
		addTeachers(e, 20)
	})
	e.sendAll(20, func(i int) (string, string) {
		return fmt.Sprintf("UT%03d", i), fmt.Sprintf("schedule tomorrow 3pm class %02d", i)
	})
	e.waitAll()
	hosts := map[string]int{}
	for _, m := range e.zoom.Meetings() {
		hosts[m.HostID]++
	}
	if len(e.zoom.Meetings()) != 5 || len(hosts) != 5 {
		t.Fatalf("%d meetings on %d hosts, want 5 on 5 distinct: %v", len(e.zoom.Meetings()), len(hosts), hosts)
	}
	busy := e.find(func(m slacktest.Message) bool { return strings.Contains(m.Text, "All 5 hosts are busy") })
	if len(busy) != 15 {
		t.Fatalf("%d busy answers, want 15", len(busy))
	}
}

func TestReplicasPoolAddOnOneReplicaHoldsOnAll(t *testing.T) {
	e := newCluster(t, func(e *testEnv) {
		e.zoom.AddUser(zoomtest.User{Email: "room1@example.com", FirstName: "Room", LastName: "One", Type: 2})
		e.slack.AddUser(slacktest.User{ID: "UADMIN", Name: "admin", TZ: "America/New_York", TZOffset: -5 * 3600, Email: "admin@example.com", IsAdmin: true})
	})
	d, err := e.slack.SendSlashCommand(slacktest.ToConnection(e.ctx(), e.reps[0].conn),
		slacktest.SlashCommand{ChannelID: testChannel, UserID: "UADMIN", Text: "pool add room1@example.com"})
	e.settle(d, err)
	e.one("pool add answer", and(privateTo("UADMIN"), contains("Added room1@example.com")))
	d, err = e.slack.SendSlashCommand(slacktest.ToConnection(e.ctx(), e.reps[2].conn),
		slacktest.SlashCommand{ChannelID: testChannel, UserID: "UANA", Text: "schedule tomorrow 3pm standup"})
	e.settle(d, err)
	var room string
	for _, u := range e.zoom.Users() {
		if u.Email == "room1@example.com" {
			room = u.ID
		}
	}
	ms := e.zoom.Meetings()
	if len(ms) != 1 || room == "" || ms[0].HostID != room {
		t.Fatalf("meetings %+v: want one hosted by the pool user %q", ms, room)
	}
}

func TestReplicasReminderIsPostedOnce(t *testing.T) {
	e := newCluster(t, func(e *testEnv) { e.cfg.ReminderTick = 10 * time.Millisecond })
	e.command("UANA", testChannel, "schedule in 30 minutes standup")
	e.clock.Advance(21 * time.Minute) // within the 10-minute lead
	deadline := time.Now().Add(5 * time.Second)
	for len(e.find(contains("starts in"))) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // every replica has ticked many times
	if n := len(e.find(func(m slacktest.Message) bool { return m.ThreadTS != "" && strings.Contains(m.Text, "starts in") })); n != 1 {
		t.Fatalf("%d reminders posted by 3 replicas, want 1\n%s", n, dump(e.slack.Messages()))
	}
}

// TestReplicasShareZoomsRateLimits: the live replicas count each other
// through the database and each takes an even share of the plan; one that
// stops cleanly is counted out at once.
func TestReplicasShareZoomsRateLimits(t *testing.T) {
	e := newCluster(t)
	for _, r := range e.reps {
		r.bot.heartbeat(e.ctx())
	}
	for _, r := range e.reps {
		if r.bot.share != 3 {
			t.Errorf("replica %s shares the limits among %d, want 3", r.bot.replicaID, r.bot.share)
		}
	}
	last := e.reps[2]
	last.cancel()
	<-last.done
	last.cancel = nil
	last.db.Close()
	e.reps[0].bot.heartbeat(e.ctx())
	if got := e.reps[0].bot.share; got != 2 {
		t.Errorf("after one replica stopped: share among %d, want 2", got)
	}
}
