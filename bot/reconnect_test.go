package bot

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/zoombot/zoombot/bot/slacktest"
)

func TestDisconnectInTheMiddleOfABurstLosesNothing(t *testing.T) {
	e := newTestEnv(t)
	users := []string{"UANA", "UKEN", "ULI"}
	var wg sync.WaitGroup
	for i := range 100 {
		if i == 50 {
			e.slack.Disconnect("refresh_requested")
		}
		if i == 75 {
			e.slack.DropConnections()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			text := fmt.Sprintf("schedule in %d hours burst-%03d for 30m", 2+i, i)
			// A delivery waits for a connection; while the bot reconnects
			// it may find none for a moment, so retry the send.
			for attempt := 0; ; attempt++ {
				d, err := e.slack.SendSlashCommand(e.ctx(), slacktest.SlashCommand{ChannelID: testChannel, UserID: users[i%3], Text: text})
				if err == nil {
					if _, err = e.slack.WaitAck(e.ctx(), d.EnvelopeID); err == nil {
						return
					}
				}
				if attempt == 50 {
					t.Errorf("command %d never acked: %v", i, err)
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	wg.Wait()
	e.bot.Wait()
	e.bot.WaitRetries()
	for i := range 100 {
		if n := e.meetingsTitled(fmt.Sprintf("burst-%03d", i)); n != 1 {
			t.Errorf("burst-%03d: %d meetings", i, n)
		}
	}
	if t.Failed() {
		t.Logf("logs:\n%s", grepLines(e.logs.String(), "level=ERROR", "level=WARN"))
	}
	if e.slack.ConnectionsOpened() < 2 {
		t.Errorf("the bot opened %d connections; want a reconnect after the disconnect", e.slack.ConnectionsOpened())
	}
}
