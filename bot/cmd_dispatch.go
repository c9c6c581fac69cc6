package bot

import (
	"context"

	"github.com/slack-go/slack"
)

// SlashCommand is one /zoom invocation, as plain data.
type SlashCommand struct {
	TeamID, ChannelID, UserID string
	Command                   string // as Slack sent it: "/zoom", or whatever the app calls it
	Text                      string
	TriggerID, ResponseURL    string
}

// HandleCommand runs a /zoom command and returns what the user should see.
// Failures the user can act on come back as *Error; anything else is for
// the log (Bot.userReply renders both).
func (b *Bot) HandleCommand(ctx context.Context, in SlashCommand) (Reply, error) {
	cmd, err := ParseCommand(in.Text)
	if err != nil {
		return Reply{}, err
	}
	switch cmd.Verb {
	case VerbSchedule:
		return b.cmdSchedule(ctx, in, cmd)
	case VerbNow:
		return b.cmdNow(ctx, in, cmd)
	case VerbList:
		return b.cmdList(ctx, in)
	case VerbCancel:
		return b.cmdCancel(ctx, in, cmd)
	case VerbPool:
		return b.cmdPool(ctx, in, cmd)
	case VerbForm:
		return Reply{}, b.showForm(ctx, in.TeamID, in.UserID, in.TriggerID, formPrefill{Channel: in.ChannelID})
	default:
		text := helpText(in.Command)
		return Reply{Text: text, Blocks: []slack.Block{
			slack.NewSectionBlock(mrkdwn(text), nil, nil),
			useFormButton(formPrefill{Channel: in.ChannelID}),
		}}, nil
	}
}

func commandName(in SlashCommand) string {
	if in.Command == "" {
		return "/zoom"
	}
	return in.Command
}
