package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/storage"
)

// Reply is what the user who acted sees. It is ephemeral unless InChannel.
// The zero Reply sends nothing.
type Reply struct {
	Text      string
	Blocks    []slack.Block
	InChannel bool
}

func (r Reply) empty() bool { return r.Text == "" && len(r.Blocks) == 0 }

// announce posts the meeting to its channel, DMs the host the start link,
// and records both steps.
func (b *Bot) announce(ctx context.Context, in scheduleInput, m *storage.Meeting, startURL string) (Reply, error) {
	var reply Reply
	text, blocks := meetingMessage(m, b.icsURL(m))
	var channel, ts string
	var err error
	if m.MessageTS == "" { // a resumed request may have posted already
		channel, ts, err = b.slack.PostMessageContext(ctx, in.ChannelID, slackTextBlocks(text, blocks)...)
	}
	switch {
	case m.MessageTS != "":
	case err == nil:
		if err := b.db.SetMessageRef(ctx, m.ID, channel, ts); err != nil {
			return Reply{}, fmt.Errorf("store message ref: %w", err)
		}
		m.MessageChannel, m.MessageTS = channel, ts
	case slackErrorIs(err, "not_in_channel", "channel_not_found") && in.ResponseURL != "":
		// A private channel or a DM the bot isn't in: the command's
		// response_url can still post there, but the bot can't update that
		// message later.
		if werr := b.postResponse(ctx, in.ResponseURL, Reply{Text: text, Blocks: blocks, InChannel: true}); werr != nil {
			return Reply{}, fmt.Errorf("post meeting via response_url after %v: %w", err, werr)
		}
		reply = Reply{Text: fmt.Sprintf(":information_source: I'm not a member of this channel, so I posted the meeting through Slack's reply and can't keep it up to date. "+
			"Invite me with `/invite %s` to fix that.", b.cfg.BotName)}
	default:
		return Reply{}, fmt.Errorf("post meeting %d to %s: %w", m.ID, in.ChannelID, err)
	}
	basicCap := m.Duration > 40*time.Minute && in.Host != nil && in.Host.Type == 1
	dmText, dmBlocks := hostDM(m, startURL, basicCap)
	if err := b.dm(ctx, m.RequesterID, dmText, dmBlocks); err != nil {
		return Reply{}, fmt.Errorf("DM start link for %d: %w", m.ID, err)
	}
	b.inviteAll(ctx, m)
	if err := b.db.SetRequestState(ctx, in.Key, storage.RequestAnnounced, m.ID, ""); err != nil {
		return Reply{}, err
	}
	b.refreshHomes(ctx, m)
	if t, ok := ctx.Value(receivedKey{}).(time.Time); ok {
		b.metrics.Announced(time.Since(t))
	}
	return reply, nil
}

// inviteAll DMs each invitee the join link, with the time in their own
// zone. Invitees never get the start link. A failed DM is logged: the
// meeting exists and the host can share the channel message.
func (b *Bot) inviteAll(ctx context.Context, m *storage.Meeting) {
	for _, id := range m.Invitees {
		if id == m.RequesterID {
			continue
		}
		loc := meetingLoc(m)
		if u, err := b.slackUser(ctx, m.TeamID, id); err == nil {
			loc = u.Loc
		}
		text, blocks := inviteDM(m, loc)
		if err := b.dm(ctx, id, text, blocks); err != nil {
			b.log.WarnContext(ctx, "invitee DM failed", "meeting", m.ID, "invitee", id, "err", err)
		}
	}
}

// dm sends a private message to a user in their DM with the bot.
func (b *Bot) dm(ctx context.Context, userID string, text string, blocks []slack.Block) error {
	ch, _, _, err := b.slack.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{userID}})
	if err != nil {
		return fmt.Errorf("conversations.open: %w", err)
	}
	_, _, err = b.slack.PostMessageContext(ctx, ch.ID, slackTextBlocks(text, blocks)...)
	return err
}

var responseClient = &http.Client{Timeout: 10 * time.Second}

// postResponse answers through an interaction's response_url.
func (b *Bot) postResponse(ctx context.Context, url string, r Reply) error {
	msg := &slack.WebhookMessage{Text: r.Text, ResponseType: slack.ResponseTypeEphemeral}
	if r.InChannel {
		msg.ResponseType = slack.ResponseTypeInChannel
	}
	if len(r.Blocks) > 0 {
		msg.Blocks = &slack.Blocks{BlockSet: r.Blocks}
	}
	return slack.PostWebhookCustomHTTPContext(ctx, url, responseClient, msg)
}

// reply delivers r to the user who acted: through response_url when there is
// one (it works in channels the bot isn't in), else as an ephemeral message.
func (b *Bot) reply(ctx context.Context, responseURL, channelID, userID string, r Reply) {
	if r.empty() {
		return
	}
	if responseURL != "" {
		err := b.postResponse(ctx, responseURL, r)
		if err == nil {
			return
		}
		b.log.WarnContext(ctx, "response_url failed; trying chat.postEphemeral", "user", userID, "err", err)
	}
	opts := []slack.MsgOption{slack.MsgOptionText(r.Text, false)}
	if len(r.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(r.Blocks...))
	}
	var err error
	if channelID != "" {
		_, err = b.slack.PostEphemeralContext(ctx, channelID, userID, opts...)
	}
	if channelID == "" || err != nil {
		err = b.dm(ctx, userID, r.Text, r.Blocks)
	}
	if err != nil {
		b.log.ErrorContext(ctx, "could not deliver a reply", "user", userID, "channel", channelID, "err", err)
	}
}

func slackTextBlocks(text string, blocks []slack.Block) []slack.MsgOption {
	return []slack.MsgOption{slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...), slack.MsgOptionDisableLinkUnfurl()}
}

func slackErrorIs(err error, codes ...string) bool {
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) {
		return false
	}
	for _, c := range codes {
		if se.Err == c {
			return true
		}
	}
	return false
}
