package main

import (
	"testing"

	"github.com/zoombot/zoombot/bot/slacktest"
)

func TestClassify(t *testing.T) {
	sched := &command{Kind: kindSchedule, Topic: "Bench-c00001", Channel: "C1"}
	list := &command{Kind: kindList, Channel: "C2"}
	cancel := &command{Kind: kindCancel, Channel: "C3"}
	post := func(text string) slacktest.Message { return slacktest.Message{Kind: slacktest.KindPost, Text: text} }
	reply := func(text string) slacktest.Message {
		return slacktest.Message{Kind: slacktest.KindResponseURL, Text: text}
	}
	tests := []struct {
		name  string
		cmd   *command
		acked bool
		msgs  []slacktest.Message
		want  outcome
	}{
		{"schedule posted", sched, true, []slacktest.Message{post("*Bench-c00001* Mon 9:00")}, outcomeOK},
		{"schedule posted after a progress note", sched, true,
			[]slacktest.Message{reply("Zoom isn't answering; I'll keep trying for 10 minutes"), post("Bench-c00001")}, outcomeOK},
		{"another topic's post does not count", sched, true, []slacktest.Message{post("Bench-c00002")}, outcomeLost},
		{"only a progress note is lost", sched, true, []slacktest.Message{reply("I'll keep trying for 10 minutes")}, outcomeLost},
		{"clash warning is a clear refusal", sched, true, []slacktest.Message{reply("You already host *Standup* 3:00–3:30 PM")}, outcomeRefused},
		{"apology is a failure", sched, true, []slacktest.Message{reply(":warning: Sorry, something went wrong on my side")}, outcomeFailed},
		{"zoom busy is a failure", sched, true, []slacktest.Message{reply("Zoom is busy right now and asked me to slow down.")}, outcomeFailed},
		{"not acked is lost even if answered", sched, false, []slacktest.Message{post("Bench-c00001")}, outcomeLost},
		{"nothing is lost", sched, true, nil, outcomeLost},
		{"list answered", list, true, []slacktest.Message{reply("*Your upcoming meetings*")}, outcomeOK},
		{"cancel done", cancel, true, []slacktest.Message{reply("Cancelled *Seeded* (Mon)")}, outcomeOK},
		{"cancel refused", cancel, true, []slacktest.Message{reply("Only the host, <@U1>, can cancel *x*.")}, outcomeRefused},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := classify(tt.cmd, tt.acked, tt.msgs); got != tt.want {
				t.Fatalf("classify = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestCollectorDone checks that done closes once every command has a final
// answer, and that DMs and progress notes do not count.
func TestCollectorDone(t *testing.T) {
	cmds := []*command{{Kind: kindSchedule, Topic: "T1", Channel: "C1"}, {Kind: kindList, Channel: "C2"}}
	c := newCollector(cmds)
	c.add(slacktest.Message{Kind: slacktest.KindPost, Channel: "D1", DM: true, Text: "T1 start link"})
	c.add(slacktest.Message{Kind: slacktest.KindResponseURL, Channel: "C1", Text: "I'll keep trying"})
	c.add(slacktest.Message{Kind: slacktest.KindResponseURL, Channel: "C2", Text: "*Your upcoming meetings*"})
	if c.unanswered() != 1 {
		t.Fatalf("unanswered = %d, want 1", c.unanswered())
	}
	c.add(slacktest.Message{Kind: slacktest.KindPost, Channel: "C1", Text: "*T1*"})
	c.add(slacktest.Message{Kind: slacktest.KindPost, Channel: "C1", Text: "*T1* again"}) // must not close twice
	select {
	case <-c.done:
	default:
		t.Fatal("done not closed after every command was answered")
	}
	if n := len(c.messages("C1")); n != 3 {
		t.Fatalf("C1 has %d messages, want 3", n)
	}
}
