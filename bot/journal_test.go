package bot

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

// TestAckedEnvelopesAreRecordedBeforeSlowWork: with one scheduling slot and
// a slow Zoom, a burst of 30 commands is on disk as soon as it is acked,
// long before most of it reaches Zoom (issue 15: 14 of 30 acked commands
// were lost to a kill -9 when the row was written after the slot wait).
func TestAckedEnvelopesAreRecordedBeforeSlowWork(t *testing.T) {
	for _, engine := range []struct {
		name string
		opts []func(*testEnv)
	}{{"sqlite", nil}, {"postgres", []func(*testEnv){onPostgres}}} {
		t.Run(engine.name, func(t *testing.T) {
			e := newTestEnv(t, append(engine.opts, func(e *testEnv) {
				e.cfg.MaxScheduling = 1
				e.zoom.DelayNext(zoomtest.RouteCreateMeeting, 30, 100*time.Millisecond)
			})...)
			var mu sync.Mutex
			var keys []string
			var wg sync.WaitGroup
			for i := range 30 {
				wg.Go(func() {
					d, err := e.slack.SendSlashCommand(e.ctx(), slacktest.SlashCommand{ChannelID: testChannel, UserID: "UANA",
						Text: fmt.Sprintf("schedule in %d hours burst-%02d", 2+i, i)})
					if err == nil {
						_, err = e.slack.WaitAck(e.ctx(), d.EnvelopeID)
					}
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					keys = append(keys, "cmd:"+d.TriggerID)
					mu.Unlock()
				})
			}
			wg.Wait()
			// All acked; give the journal its one write.
			deadline := time.Now().Add(2 * time.Second)
			recorded := 0
			for time.Now().Before(deadline) {
				recorded = 0
				for _, k := range keys {
					if _, err := e.db.GetRequest(e.ctx(), k); err == nil {
						recorded++
					}
				}
				if recorded == len(keys) {
					break
				}
				time.Sleep(5 * time.Millisecond)
			}
			created := len(e.zoom.Meetings())
			if recorded != 30 {
				t.Fatalf("%d of 30 acked commands recorded", recorded)
			}
			if created > 10 {
				t.Errorf("Zoom already had %d meetings: the test did not catch the requests before the slow part", created)
			}
			e.waitAll()
			if n := len(e.zoom.Meetings()); n != 30 {
				t.Errorf("%d meetings at the end, want 30", n)
			}
		})
	}
}

// TestEnvelopeOfADeadReplicaIsFinishedByTheNext: the process dies right
// after recording an acked command, before any work. Once its lease lapses,
// the next process does the work from the recorded envelope, once.
func TestEnvelopeOfADeadReplicaIsFinishedByTheNext(t *testing.T) {
	ShutdownGrace = 200 * time.Millisecond
	t.Cleanup(func() { ShutdownGrace = 10 * time.Second })
	e := newTestEnv(t)
	e.bot.afterJournal = runtime.Goexit
	d, err := e.slack.SendSlashCommand(e.ctx(), slacktest.SlashCommand{ChannelID: testChannel, UserID: "UANA", Text: "schedule tomorrow 3pm standup"})
	e.settle(d, err)
	if n := len(e.zoom.Meetings()); n != 0 {
		t.Fatalf("setup: %d meetings", n)
	}
	r, err := e.db.GetRequest(e.ctx(), "cmd:"+d.TriggerID)
	if err != nil || r.State != storage.RequestReceived || !strings.HasPrefix(r.Kind, envelopeKind) {
		t.Fatalf("recorded envelope: %+v, %v", r, err)
	}
	if strings.Contains(string(r.Payload), "fake-verification-token") {
		t.Error("the verification token was stored")
	}
	// A kill -9 releases nothing: the next process waits for the lease.
	e.reps[0].bot.leases = leaseSet{}
	e.stop()
	e.start()
	e.waitAll()
	if n := len(e.zoom.Meetings()); n != 0 {
		t.Fatalf("%d meetings while the dead process's lease still ran", n)
	}
	e.clock.Advance(time.Minute)
	if err := e.bot.Recover(e.ctx()); err != nil {
		t.Fatal(err)
	}
	e.waitAll()
	if n := e.meetingsTitled("standup"); n != 1 {
		t.Fatalf("%d meetings after recovery, want 1", n)
	}
	e.one("the announcement", and(postIn(testChannel), contains("standup")))
	e.one("the host DM", and(dmTo("UANA"), contains("zak=")))
	if u := e.unfinished(); len(u) != 0 {
		t.Errorf("unfinished: %+v", u)
	}
	// A third start finds nothing to do.
	e.stop()
	e.clock.Advance(time.Minute)
	e.start()
	e.waitAll()
	if n := e.meetingsTitled("standup"); n != 1 {
		t.Fatalf("%d meetings after another restart", n)
	}
}

// TestListOfADeadReplicaIsAnsweredByTheNext: recovery is not only for
// scheduling; any acked command is answered.
func TestListOfADeadReplicaIsAnsweredByTheNext(t *testing.T) {
	ShutdownGrace = 200 * time.Millisecond
	t.Cleanup(func() { ShutdownGrace = 10 * time.Second })
	e := newTestEnv(t)
	e.bot.afterJournal = runtime.Goexit
	e.command("UKEN", testChannel, "list")
	if n := len(e.find(privateTo("UKEN"))); n != 0 {
		t.Fatalf("setup: %d replies", n)
	}
	e.stop() // a clean stop releases the lease: the next start takes it at once
	e.start()
	e.waitAll()
	e.one("the list reply", and(privateTo("UKEN"), contains("no upcoming")))
}

// TestDatabaseDownTellsTheUserInsteadOfLosingTheCommand: when the request
// cannot be recorded, the user hears so at once.
func TestDatabaseDownTellsTheUserInsteadOfLosingTheCommand(t *testing.T) {
	e := newTestEnv(t)
	e.db.Close()
	e.command("UANA", testChannel, "schedule tomorrow 3pm standup")
	e.one("the unavailable answer", and(privateTo("UANA"), contains("can't reach my database")))
	if n := len(e.zoom.Meetings()); n != 0 {
		t.Fatalf("%d meetings made without a record", n)
	}
}
