package slacktest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/zoombot/zoombot/bot/slacktest"
)

// A bot under test connects with slack-go; the test plays the user.
func Example() {
	s := slacktest.NewServer()
	s.Start()
	defer s.Close()

	api := slack.New("xoxb-test-token", slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken("xapp-test-token"))
	client := socketmode.New(api) // after every slack.Option: New copies api
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	go func() { _ = client.RunContext(ctx) }()
	go func() { // the bot: ack every slash command with a reply
		for {
			select {
			case e := <-client.Events:
				if e.Type == socketmode.EventTypeSlashCommand {
					_ = client.Ack(*e.Request, map[string]any{"text": "Scheduled."})
				}
			case <-ctx.Done():
				return
			}
		}
	}()

	d, err := s.SendSlashCommand(ctx, slacktest.SlashCommand{ChannelID: "C1", UserID: "U1", Text: "schedule tomorrow 3pm standup"})
	if err != nil {
		fmt.Println(err)
		return
	}
	ack, _ := s.WaitAck(ctx, d.EnvelopeID)
	fmt.Println("late:", ack.Late)
	m, _ := s.WaitMessage(ctx, func(m slacktest.Message) bool { return m.User == "U1" })
	fmt.Println(m.Kind, m.Channel, m.Text)
	// Output:
	// late: false
	// ephemeral C1 Scheduled.
}
