package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	case slackErrorIs(err, "not_in_channel", "channel_not_found", "is_archived") && in.ResponseURL != "":
		// A private channel or a DM the bot isn't in: the command's
		// response_url can still post there, but the bot can't update that
		// message later.
		if werr := b.postResponse(ctx, in.ResponseURL, Reply{Text: text, Blocks: blocks, InChannel: true}); werr != nil {
			return Reply{}, fmt.Errorf("post meeting via response_url after %v: %w", err, werr)
		}
		reply = Reply{Text: fmt.Sprintf(":information_source: I'm not a member of this channel, so I posted the meeting through Slack's reply and can't keep it up to date. "+
			"Invite me with `/invite %s` to fix that.", b.cfg.BotName)}
	case slackErrorIs(err, "not_in_channel", "channel_not_found", "is_archived"):
		// No response_url (the form): the meeting exists all the same, so
		// the host still gets it, with the join link to share, by DM.
		b.log.WarnContext(ctx, "can't post the meeting in its channel; telling the host", "meeting", m.ID, "channel", in.ChannelID, "err", err)
		if derr := b.dm(ctx, m.RequesterID, text, blocks); derr != nil {
			return Reply{}, fmt.Errorf("DM the meeting after %v: %w", err, derr)
		}
		reply = Reply{Text: fmt.Sprintf(":information_source: I couldn't post *%s* in <#%s>: I'm not a member there. I sent it to you instead; share the Join link, or invite me with `/invite %s`.",
			escapeTopic(m.Topic), in.ChannelID, b.cfg.BotName)}
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

// userLoc is a Slack user's own zone, or the meeting's when users.info
// fails: an invitation in the host's zone beats none.
func (b *Bot) userLoc(ctx context.Context, m *storage.Meeting, userID string) *time.Location {
	if u, err := b.slackUser(ctx, m.TeamID, userID); err == nil {
		return u.Loc
	}
	return meetingLoc(m)
}

// inviteAll DMs each invitee the join link, with the time in their own
// zone. Invitees never get the start link. A failed DM is logged: the
// meeting exists and the host can share the channel message.
func (b *Bot) inviteAll(ctx context.Context, m *storage.Meeting) {
	for _, id := range m.Invitees {
		if id == m.RequesterID {
			continue
		}
		text, blocks := inviteDM(m, b.userLoc(ctx, m, id))
		if err := b.dm(ctx, id, text, blocks); err != nil {
			b.log.WarnContext(ctx, "invitee DM failed", "meeting", m.ID, "invitee", id, "err", err)
		}
	}
}

// dm sends a private message to a user in their DM with the bot.
func (b *Bot) dm(ctx context.Context, userID string, text string, blocks []slack.Block) error {
	_, err := b.dmTS(ctx, userID, text, blocks)
	return err
}

// dmTS is dm, returning the message's ts.
func (b *Bot) dmTS(ctx context.Context, userID string, text string, blocks []slack.Block) (string, error) {
	ch, _, _, err := b.slack.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{userID}})
	if err != nil {
		return "", fmt.Errorf("conversations.open: %w", err)
	}
	_, ts, err := b.slack.PostMessageContext(ctx, ch.ID, slackTextBlocks(text, blocks)...)
	return ts, err
}

var responseClient = &http.Client{Timeout: 10 * time.Second}

// responseMessage is a response_url body. replace_original is always sent:
// false keeps a private reply (a start link, say) from ever replacing the
// channel message a button belongs to.
type responseMessage struct {
	Text            string        `json:"text,omitempty"`
	Blocks          []slack.Block `json:"blocks,omitempty"`
	ResponseType    string        `json:"response_type,omitempty"`
	ReplaceOriginal bool          `json:"replace_original"`
	DeleteOriginal  bool          `json:"delete_original,omitempty"`
}

// postResponse answers through an interaction's response_url. Slack says
// no (a used-up or expired URL, invalid blocks) with HTTP 200 and
// {"ok":false}, which slack-go's webhook helper ignores, so this reads it.
func (b *Bot) postResponse(ctx context.Context, url string, r Reply) error {
	msg := responseMessage{Text: r.Text, Blocks: r.Blocks, ResponseType: slack.ResponseTypeEphemeral}
	if r.InChannel {
		msg.ResponseType = slack.ResponseTypeInChannel
	}
	return b.sendResponse(ctx, url, msg)
}

func (b *Bot) sendResponse(ctx context.Context, url string, msg responseMessage) error {
	raw, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(raw))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := responseClient.Do(req)
	if err != nil {
		return fmt.Errorf("response_url: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("response_url: HTTP %d", resp.StatusCode)
	}
	var answer struct {
		OK    *bool  `json:"ok"`
		Error string `json:"error"`
	}
	if json.Unmarshal(body, &answer) == nil && answer.OK != nil && !*answer.OK {
		return fmt.Errorf("response_url: %s", answer.Error)
	}
	return nil
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

// refreshMessage re-renders a meeting's channel message from m. A failure
// is logged, not returned: the meeting itself has changed already.
func (b *Bot) refreshMessage(ctx context.Context, m *storage.Meeting) {
	if m.MessageChannel == "" || m.MessageTS == "" {
		return
	}
	text, blocks := meetingMessage(m, b.icsURL(m))
	// chat.update takes no unfurl arguments; the post's setting stays.
	if _, _, _, err := b.slack.UpdateMessageContext(ctx, m.MessageChannel, m.MessageTS,
		slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...)); err != nil {
		b.log.WarnContext(ctx, "chat.update failed", "meeting", m.ID, "channel", m.MessageChannel, "err", err)
	}
}
