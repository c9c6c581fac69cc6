package bot

import "context"

// listLimit keeps the list within one message (Slack: 50 blocks, 3000
// characters a section).
const listLimit = 15

func (b *Bot) cmdList(ctx context.Context, in SlashCommand) (Reply, error) {
	items, err := b.db.UpcomingForSlackUser(ctx, in.TeamID, in.UserID, b.now(), listLimit)
	if err != nil {
		return Reply{}, err
	}
	text, blocks := listMessage(items, in.UserID)
	return Reply{Text: text, Blocks: blocks}, nil
}
