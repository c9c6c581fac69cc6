package main

import (
	"regexp"
	"strings"
	"sync"

	"github.com/zoombot/zoombot/bot/slacktest"
)

// Reply texts the bot uses, to sort outcomes. They are matched loosely, so
// rewording a message shifts a command between "refused" and "failed" at
// worst; lost and duplicate counts do not depend on them.
var (
	// apology is the generic "something went wrong on my side" reply.
	apology = regexp.MustCompile(`(?i)something went wrong`)
	// rateLimitText is any reply telling the user about Zoom's limits: the
	// 429s a user would see.
	rateLimitText = regexp.MustCompile(`(?i)zoom is busy|slow down|rate limit|daily limit|\b429\b`)
	// progress is an interim "still trying" reply; a result follows it.
	progress = regexp.MustCompile(`(?i)keep trying|still trying`)
)

// collector records, per command channel, what the bot sent there. It is
// slacktest's OnMessage hook, so it must not block; done is closed when
// every command has a final answer.
type collector struct {
	mu        sync.Mutex
	byChan    map[string]*command
	msgs      map[string][]slacktest.Message
	final     map[string]bool
	pending   int
	done      chan struct{}
	lastFinal slacktest.Message
}

func newCollector(cmds []*command) *collector {
	c := &collector{byChan: map[string]*command{}, msgs: map[string][]slacktest.Message{},
		final: map[string]bool{}, pending: len(cmds), done: make(chan struct{})}
	for _, cmd := range cmds {
		c.byChan[cmd.Channel] = cmd
	}
	return c
}

// add is the OnMessage hook. Messages outside the commands' channels (the
// host's DM with the start link) are not recorded.
func (c *collector) add(m slacktest.Message) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cmd, ok := c.byChan[m.Channel]
	if !ok || m.DM {
		return
	}
	c.msgs[m.Channel] = append(c.msgs[m.Channel], m)
	if c.final[m.Channel] || !isFinal(cmd, m) {
		return
	}
	c.final[m.Channel] = true
	c.lastFinal = m
	c.pending--
	if c.pending == 0 {
		close(c.done)
	}
}

// isFinal reports whether m settles cmd: the meeting's channel message for
// a schedule, or any reply that is not an interim progress note.
func isFinal(cmd *command, m slacktest.Message) bool {
	if cmd.Kind == kindSchedule && m.Kind == slacktest.KindPost && strings.Contains(m.Text, cmd.Topic) {
		return true
	}
	switch m.Kind {
	case slacktest.KindResponseURL, slacktest.KindEphemeral:
		return !progress.MatchString(m.Text)
	}
	return false
}

// unanswered counts the commands without a final answer yet.
func (c *collector) unanswered() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pending
}

// messages returns what was recorded for a command channel.
func (c *collector) messages(channel string) []slacktest.Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]slacktest.Message(nil), c.msgs[channel]...)
}

// outcome is what became of one command.
type outcome string

const (
	outcomeOK      outcome = "ok"      // meeting posted, list shown, meeting cancelled
	outcomeRefused outcome = "refused" // a clear message instead (a clash, a bad time, …)
	outcomeFailed  outcome = "failed"  // an apology or a Zoom-busy reply: neither a result nor a clear message
	outcomeLost    outcome = "lost"    // no ack, or nothing at all
)

// classify decides a command's outcome from its ack and its channel's
// messages.
func classify(cmd *command, acked bool, msgs []slacktest.Message) outcome {
	if !acked || cmd.SendErr != nil {
		return outcomeLost
	}
	var posted, cancelled bool
	var replies []string
	for _, m := range msgs {
		switch {
		case cmd.Kind == kindSchedule && m.Kind == slacktest.KindPost && strings.Contains(m.Text, cmd.Topic):
			posted = true
		case m.Kind == slacktest.KindResponseURL || m.Kind == slacktest.KindEphemeral:
			replies = append(replies, m.Text)
			if cmd.Kind == kindCancel && strings.HasPrefix(m.Text, "Cancelled") {
				cancelled = true
			}
		}
	}
	if posted || cancelled {
		return outcomeOK
	}
	var final []string
	for _, r := range replies {
		if !progress.MatchString(r) {
			final = append(final, r)
		}
	}
	if len(final) == 0 {
		return outcomeLost
	}
	for _, r := range final {
		if apology.MatchString(r) || rateLimitText.MatchString(r) {
			return outcomeFailed
		}
	}
	if cmd.Kind == kindList {
		return outcomeOK
	}
	return outcomeRefused
}
