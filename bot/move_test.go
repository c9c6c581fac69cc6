package bot

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

var newYork, _ = time.LoadLocation("America/New_York")

// scheduleAs runs a schedule command as user and returns the one Zoom meeting it
// made and its channel post.
func (e *testEnv) scheduleAs(user, text string) (zoomtest.Meeting, slacktest.Message) {
	e.t.Helper()
	before := len(e.zoom.Meetings())
	e.command(user, testChannel, text)
	zms := e.zoom.Meetings()
	if len(zms) != before+1 {
		e.t.Fatalf("%q made %d meetings\nlogs:\n%s", text, len(zms)-before, e.logs)
	}
	zm := zms[len(zms)-1]
	m, err := e.db.GetMeeting(e.ctx(), zm.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	post, _ := e.slack.MessageAt(m.MessageChannel, m.MessageTS)
	return zm, post
}

func TestMoveByIDKeepsTheMeetingAndTellsEveryone(t *testing.T) {
	e := newTestEnv(t)
	zm, post := e.scheduleAs("UANA", "schedule tomorrow 3pm standup with <@UKEN>")
	e.clock.Advance(time.Minute)
	if ok, err := e.db.MarkReminderSent(e.ctx(), zm.ID, ""); !ok || err != nil {
		t.Fatal("reminder", ok, err)
	}
	e.command("UANA", testChannel, "move "+FormatMeetingID(zm.ID)+" to 4pm")

	want := time.Date(2026, 11, 28, 16, 0, 0, 0, newYork)
	got, _ := e.zoom.Meeting(zm.ID)
	if !got.StartTime.Equal(want) || got.Deleted || len(e.zoom.Meetings()) != 1 || got.JoinURL != zm.JoinURL {
		t.Fatalf("Zoom meeting after the move: %+v", got)
	}
	if n := e.zoomCalls(zoomtest.RouteUpdateMeeting); n != 1 {
		t.Errorf("PATCH calls = %d, want 1", n)
	}
	for _, c := range e.zoom.Calls() {
		if c.Route == zoomtest.RouteUpdateMeeting && !strings.Contains(string(c.Body), `"start_time":"2026-11-28T21:00:00Z"`) {
			t.Errorf("PATCH body %s: want start_time in UTC", c.Body)
		}
	}
	stored, _ := e.db.GetMeeting(e.ctx(), zm.ID)
	if !stored.Start.Equal(want) || stored.Moved.By != "UANA" || !stored.Occurrences[0].ReminderSentAt.IsZero() {
		t.Errorf("stored: start %v moved %+v occurrence %+v", stored.Start, stored.Moved, stored.Occurrences[0])
	}
	// The post is updated in place: the new time as <!date>, the old one
	// only in the "Moved from" line.
	cur := e.current(post)
	newDate := "\\u003c!date^" + itoa(want.Unix())
	oldDate := "\\u003c!date^" + itoa(zm.StartTime.Unix())
	if !strings.Contains(cur, newDate) || !strings.Contains(cur, "Moved from "+oldDate) || strings.Count(cur, oldDate) != 1 {
		t.Errorf("post after the move: %s", cur)
	}
	if !strings.Contains(cur, "by \\u003c@UANA\\u003e") || !strings.Contains(cur, "dates=20261128T210000Z") {
		t.Errorf("post lacks who moved it or the calendar link's new time: %s", cur)
	}
	dm := e.one("the invitee's DM about the move", and(dmTo("UKEN"), contains("moved")))
	if !strings.Contains(text(dm), itoa(want.Unix())) || strings.Contains(text(dm), "zak=") {
		t.Errorf("invitee DM: %s", text(dm))
	}
	e.one("the host's answer", and(privateTo("UANA"), contains("Moved *standup*")))
	if home, _ := e.slack.HomeView("UKEN"); !strings.Contains(string(home.JSON), itoa(want.Unix())) {
		t.Errorf("the invitee's App Home lacks the new time: %s", home.JSON)
	}
	// The reminder sent for the old time does not block the new one.
	setClock(e.clock, want.Add(-9*time.Minute))
	if err := e.bot.SendDueReminders(e.ctx()); err != nil {
		t.Fatal(err)
	}
	e.one("the reminder for the new time", func(m slacktest.Message) bool {
		return m.ThreadTS == post.TS && strings.Contains(m.Text, "starts in 9 minutes")
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestMoveByTopicWords(t *testing.T) {
	e := newTestEnv(t)
	zm, _ := e.scheduleAs("UANA", "schedule tomorrow 3pm design review")
	e.scheduleAs("UANA", "schedule tomorrow 9am standup")
	e.command("UANA", testChannel, "reschedule design review 30 minutes later")
	got, _ := e.zoom.Meeting(zm.ID)
	if want := zm.StartTime.Add(30 * time.Minute); !got.StartTime.Equal(want) {
		t.Fatalf("start %v, want %v\n%s", got.StartTime, want, dump(e.slack.Messages()))
	}
	e.command("UANA", testChannel, "move design +1h for 45m")
	got, _ = e.zoom.Meeting(zm.ID)
	if want := zm.StartTime.Add(90 * time.Minute); !got.StartTime.Equal(want) || got.Duration != 45 {
		t.Errorf("after +1h for 45m: start %v for %d, want %v for 45\n%s", got.StartTime, got.Duration, want, dump(e.slack.Messages()))
	}
	e.command("UANA", testChannel, "move design an hour earlier")
	got, _ = e.zoom.Meeting(zm.ID)
	if want := zm.StartTime.Add(30 * time.Minute); !got.StartTime.Equal(want) {
		t.Errorf("after an hour earlier: start %v, want %v\n%s", got.StartTime, want, dump(e.slack.Messages()))
	}
	e.command("UANA", testChannel, "move design for 1h")
	if got, _ = e.zoom.Meeting(zm.ID); got.Duration != 60 {
		t.Errorf("duration %d, want 60", got.Duration)
	}
	// Words that name the meeting but no time ask for one; an unclear
	// time gets the parser's question, not "no such meeting".
	e.command("UANA", testChannel, "move design review")
	e.one("the question", and(privateTo("UANA"), contains("When should *design review* be?")))
	e.command("UANA", testChannel, "move design review sometime next week")
	e.one("the parser's question", and(privateTo("UANA"), contains("sometime")))
	e.command("UANA", testChannel, "move retro to 4pm")
	e.one("no such meeting", and(privateTo("UANA"), contains("None of your upcoming meetings")))
}

func TestMoveByANonHostIsRefusedPrivately(t *testing.T) {
	e := newTestEnv(t)
	zm, post := e.scheduleAs("UANA", "schedule tomorrow 3pm standup with <@UKEN>")
	e.command("UKEN", testChannel, "move "+FormatMeetingID(zm.ID)+" to 5pm")
	e.one("the refusal", and(privateTo("UKEN"), contains("Only the host")))
	e.settle(e.slack.ClickButton(e.ctx(), "UKEN", post, actionEdit))
	if n := len(e.find(and(privateTo("UKEN"), contains("Only the host")))); n != 2 {
		t.Errorf("Edit by a non-host: %d refusals, want 2", n)
	}
	for _, v := range e.slack.Views() {
		if v.Kind == "open" && v.UserID == "UKEN" {
			t.Error("a non-host got the edit form")
		}
	}
	if n := e.zoomCalls(zoomtest.RouteUpdateMeeting); n != 0 {
		t.Errorf("%d PATCH calls after refusals", n)
	}
}

func TestMoveIntoAClashThenMoveAnyway(t *testing.T) {
	e := newTestEnv(t)
	zm, _ := e.scheduleAs("UANA", "schedule tomorrow 3pm standup")
	e.scheduleAs("UANA", "schedule tomorrow 5pm retro")
	// Half an hour later overlaps only its own old slot: no clash.
	e.command("UANA", testChannel, "move standup +30m")
	if got, _ := e.zoom.Meeting(zm.ID); !got.StartTime.Equal(zm.StartTime.Add(30 * time.Minute)) {
		t.Fatalf("a move overlapping its own slot was held: %s", dump(e.slack.Messages()))
	}
	e.command("UANA", testChannel, "move standup to 5:15pm")
	warning := e.one("the clash warning", and(privateTo("UANA"), contains("Move anyway")))
	if !strings.Contains(text(warning), "retro") {
		t.Errorf("warning: %s", text(warning))
	}
	if got, _ := e.zoom.Meeting(zm.ID); got.StartTime.In(newYork).Hour() == 17 {
		t.Fatal("moved before the user chose")
	}
	e.settle(e.slack.ClickButton(e.ctx(), "UANA", warning, actionMoveAnyway))
	e.settle(e.slack.ClickButton(e.ctx(), "UANA", warning, actionMoveAnyway)) // a double click
	got, _ := e.zoom.Meeting(zm.ID)
	if want := time.Date(2026, 11, 28, 17, 15, 0, 0, newYork); !got.StartTime.Equal(want) {
		t.Fatalf("after Move anyway: %v, want %v\n%s", got.StartTime, want, dump(e.slack.Messages()))
	}
	if n := e.zoomCalls(zoomtest.RouteUpdateMeeting); n != 2 {
		t.Errorf("PATCH calls = %d, want 2 (+30m, then one Move anyway)", n)
	}
}

func TestMoveCommandNeverCreatesAMeeting(t *testing.T) {
	e := newTestEnv(t)
	for _, cmd := range []string{"move 313 1033 6928 to 4pm", "move 31310336928 to 4pm", "reschedule standup to 4pm", "update", "edit", "remove 313"} {
		e.command("UANA", testChannel, cmd)
	}
	if n := len(e.zoom.Meetings()); n != 0 {
		t.Fatalf("a move created %d meetings", n)
	}
	if n := len(e.find(and(privateTo("UANA"), contains("313 1033 6928")))); n != 2 {
		t.Errorf("want two answers naming the unknown ID: %s", dump(e.slack.Messages()))
	}
	for _, w := range []string{"join", "end", "stop"} {
		e.command("UANA", testChannel, w+" standup")
	}
	if n := len(e.find(and(privateTo("UANA"), contains("Schedule Zoom meetings from Slack")))); n != 3 {
		t.Errorf("join/end/stop: want help three times, got %d\n%s", n, dump(e.slack.Messages()))
	}
	if n := len(e.zoom.Meetings()); n != 0 {
		t.Fatalf("a command word became a meeting: %d", n)
	}
}

func TestRedeliveredMoveMovesOnce(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts []func(*testEnv)
	}{{"one process", nil}, {"two replicas on PostgreSQL", []func(*testEnv){onPostgres, withReplicas(2)}}} {
		t.Run(tt.name, func(t *testing.T) {
			e := newTestEnv(t, tt.opts...)
			zm, _ := e.scheduleAs("UANA", "schedule tomorrow 3pm standup")
			d, err := e.slack.SendSlashCommand(e.ctx(), slacktest.SlashCommand{ChannelID: testChannel, UserID: "UANA", Text: "move standup +30m"})
			e.settle(d, err)
			e.settle(e.slack.Redeliver(e.ctx(), d, "timeout"))
			if len(e.reps) > 1 {
				e.settle(e.slack.RedeliverElsewhere(e.ctx(), d, "timeout"))
			}
			e.waitAll()
			got, _ := e.zoom.Meeting(zm.ID)
			if !got.StartTime.Equal(zm.StartTime.Add(30 * time.Minute)) {
				t.Fatalf("start %v, want 30 minutes later than %v", got.StartTime, zm.StartTime)
			}
			if n := e.zoomCalls(zoomtest.RouteUpdateMeeting); n != 1 {
				t.Errorf("PATCH calls = %d, want 1", n)
			}
			if n := len(e.find(and(privateTo("UANA"), contains("Moved")))); n != 1 {
				t.Errorf("%d answers, want 1", n)
			}
		})
	}
}
