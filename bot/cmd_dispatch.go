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
	case VerbMove:
		return b.cmdMove(ctx, in, cmd)
	case VerbEdit:
		return b.cmdEdit(ctx, in, cmd)
	case VerbPool:
		return b.cmdPool(ctx, in, cmd)
	case VerbForm:
		return Reply{}, b.showForm(ctx, in.TeamID, in.UserID, in.TriggerID, formPrefill{Channel: in.ChannelID})
	default:
		text := helpText(in.Command)
		if why := unsupportedText[cmd.Unsupported]; why != "" {
			text = why + "\n" + text
		}
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

// unsupportedText answers the command words the bot does not do.
var unsupportedText = map[string]string{
	"join": "I can't join meetings for you: use the *Join* button on the meeting's message, or its link in `/zoom list`.",
	"end":  "I can't end meetings from Slack: end it in Zoom. To call one off before it starts, use `/zoom cancel`.",
	"stop": "I can't stop meetings from Slack: end it in Zoom. To call one off before it starts, use `/zoom cancel`.",
}
