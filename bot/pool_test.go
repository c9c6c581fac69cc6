package bot

import (
	"fmt"
	"strings"
	"testing"

	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

func TestClashWarningAndScheduleAnyway(t *testing.T) {
	e := newTestEnv(t)
	e.command("UANA", testChannel, "schedule tomorrow 3pm standup")
	e.command("UANA", testChannel, "schedule tomorrow 3:15pm design review")
	if n := e.meetingsTitled("design review"); n != 0 {
		t.Fatalf("a clashing meeting was created without asking")
	}
	warn := e.one("the clash warning", and(privateTo("UANA"), contains("You already host")))
	if !strings.Contains(warn.Text, "*standup*") || !strings.Contains(string(warn.Blocks), actionScheduleAnyway) ||
		!strings.Contains(string(warn.Blocks), actionOpenForm) {
		t.Errorf("warning: %s", text(warn))
	}
	// Someone else can't decide for ana.
	e.settle(e.slack.ClickButton(e.ctx(), "UKEN", warn, actionScheduleAnyway))
	if n := e.meetingsTitled("design review"); n != 0 {
		t.Fatal("another user's click scheduled it")
	}
	e.settle(e.slack.ClickButton(e.ctx(), "UANA", warn, actionScheduleAnyway))
	e.settle(e.slack.ClickButton(e.ctx(), "UANA", warn, actionScheduleAnyway)) // double click
	if n := e.meetingsTitled("design review"); n != 1 {
		t.Fatalf("Schedule anyway made %d meetings, want 1", n)
	}
	e.one("its announcement", and(postIn(testChannel), contains("design review")))
}

func TestHostConcurrencyTwoAllowsTwoAtOnce(t *testing.T) {
	e := newTestEnv(t, func(e *testEnv) { e.cfg.HostConcurrency = 2 })
	e.command("UANA", testChannel, "schedule tomorrow 3pm class a")
	e.command("UANA", testChannel, "schedule tomorrow 3pm class b")
	e.command("UANA", testChannel, "schedule tomorrow 3pm class c")
	if e.meetingsTitled("class a")+e.meetingsTitled("class b") != 2 || e.meetingsTitled("class c") != 0 {
		t.Fatalf("with concurrency 2: a=%d b=%d c=%d", e.meetingsTitled("class a"), e.meetingsTitled("class b"), e.meetingsTitled("class c"))
	}
}

func TestPoolGivesEachConcurrentRequestItsOwnFreeHost(t *testing.T) {
	var pool []string
	e := newTestEnv(t, func(e *testEnv) {
		for i := range 10 {
			u := e.zoom.AddUser(zoomtest.User{Email: fmt.Sprintf("host%02d@example.com", i), FirstName: "Host", LastName: fmt.Sprint(i), Type: 2})
			pool = append(pool, u.Email)
		}
		e.cfg.HostPool = pool
		for i := range 50 {
			e.slack.AddUser(slacktest.User{ID: fmt.Sprintf("UT%02d", i), Name: fmt.Sprintf("teacher%02d", i), TZ: "America/New_York", TZOffset: -5 * 3600, Email: fmt.Sprintf("t%02d@example.com", i)})
		}
	})
	e.sendAll(50, func(i int) (string, string) {
		return fmt.Sprintf("UT%02d", i), fmt.Sprintf("schedule tomorrow 3pm class %02d", i)
	})

	hosts := map[string]int{}
	for _, m := range e.zoom.Meetings() {
		hosts[m.HostID]++
	}
	if len(e.zoom.Meetings()) != 10 || len(hosts) != 10 {
		t.Fatalf("%d meetings on %d hosts, want 10 on 10: %v", len(e.zoom.Meetings()), len(hosts), hosts)
	}
	busy := e.find(func(m slacktest.Message) bool {
		return m.Kind == slacktest.KindResponseURL && strings.Contains(m.Text, "All 10 hosts are busy") && strings.Contains(m.Text, "the next free slot is")
	})
	if len(busy) != 40 {
		t.Fatalf("%d busy answers, want 40; e.g. %s", len(busy), dump(e.find(privateTo("UT00"))))
	}
	if !strings.Contains(busy[0].Text, "3:30 PM") {
		t.Errorf("the next free slot should be 3:30 PM: %s", busy[0].Text)
	}
	// Each requester got the start link by DM even though a pool user hosts.
	for _, m := range e.zoom.Meetings() {
		var requester string
		fmt.Sscanf(m.Topic, "class %s", &requester)
		e.one("start link DM", and(dmTo("UT"+requester), contains("zak=")))
	}
	if len(e.zoom.Users()) != 10 {
		t.Errorf("the pool should need no Zoom user per teacher; Zoom has %d users", len(e.zoom.Users()))
	}
}

func TestPoolAdminCommand(t *testing.T) {
	e := newTestEnv(t, func(e *testEnv) {
		e.slack.AddUser(slacktest.User{ID: "UADM", Name: "admin", TZ: "America/New_York", Email: "admin@example.com", IsAdmin: true})
		e.zoom.AddUser(zoomtest.User{Email: "room1@example.com", FirstName: "Room", LastName: "One", Type: 2})
	})
	e.command("UKEN", testChannel, "pool add room1@example.com")
	e.one("refusal", and(privateTo("UKEN"), contains("Only workspace admins")))

	e.command("UADM", testChannel, "pool add <mailto:room1@example.com|room1@example.com>")
	e.one("added", and(privateTo("UADM"), contains("Added room1@example.com")))
	e.command("UADM", testChannel, "pool add nobody@example.com")
	e.one("unknown user", and(privateTo("UADM"), contains("no Zoom user nobody@example.com")))
	e.command("UKEN", testChannel, "pool list")
	if n := len(e.find(and(privateTo("UKEN"), contains("Only workspace admins")))); n != 2 {
		t.Errorf("a non-admin's pool add and list: %d refusals, want 2", n)
	}
	e.command("UADM", testChannel, "pool list")
	e.one("list", and(privateTo("UADM"), contains("*Host pool*")))

	// With a pool, meetings are hosted by it and nobody needs their own Zoom user.
	e.command("UKEN", testChannel, "schedule tomorrow 3pm lab")
	zm := e.zoom.Meetings()
	if len(zm) != 1 || zm[0].HostEmail != "room1@example.com" {
		t.Fatalf("meetings: %+v", zm)
	}
	e.one("start link to the requester", and(dmTo("UKEN"), contains("zak=")))

	e.command("UADM", testChannel, "pool REMOVE room1@example.com")
	e.one("removed", and(privateTo("UADM"), contains("Removed room1@example.com")))
	e.command("UADM", testChannel, "Pool")
	e.one("empty", and(privateTo("UADM"), contains("There is no host pool")))
}
