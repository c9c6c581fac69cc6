package slacktest

import (
	"encoding/json"
	"math"
	"time"
	"unicode/utf8"
)

// maxTextRunes is chat.postMessage's limit on text; longer is msg_too_long.
const maxTextRunes = 40000

// messageContent checks and extracts text and blocks for a chat method. On
// failure it returns the error code and its response_metadata.
func messageContent(r request, needContent bool) (text string, blocks json.RawMessage, fail map[string]any, code string) {
	text = r.str("text")
	blocks = r.raw("blocks")
	if len(blocks) > 0 {
		if code, detail := validateMessageBlocks(blocks); code != "" {
			return "", nil, meta(detail), code
		}
	}
	if needContent && text == "" && len(blocks) == 0 && r.raw("attachments") == nil {
		return "", nil, nil, "no_text"
	}
	if utf8.RuneCountInString(text) > maxTextRunes {
		return "", nil, nil, "msg_too_long"
	}
	return text, blocks, nil, ""
}

func (s *Server) chatPostMessage(r request) (map[string]any, string) {
	text, blocks, fail, code := messageContent(r, true)
	if code != "" {
		return fail, code
	}
	s.mu.Lock()
	t, code := s.resolveLocked(r.str("channel"))
	if code != "" {
		s.mu.Unlock()
		return nil, code
	}
	m := Message{
		Kind: KindPost, Channel: t.channel, TS: s.nextTSLocked(), ThreadTS: r.str("thread_ts"),
		User: t.dmUser, DM: t.dmUser != "", Text: text, Blocks: blocks, At: s.now(),
	}
	s.current[m.Channel+"/"+m.TS] = m
	after := s.addMessageLocked(m)
	s.mu.Unlock()
	after()
	return map[string]any{"channel": m.Channel, "ts": m.TS, "message": s.wireMessage(m)}, ""
}

func (s *Server) chatPostEphemeral(r request) (map[string]any, string) {
	user := r.str("user")
	if user == "" {
		return nil, "user_not_found"
	}
	text, blocks, fail, code := messageContent(r, true)
	if code != "" {
		return fail, code
	}
	s.mu.Lock()
	if _, ok := s.users[user]; !ok {
		s.mu.Unlock()
		return nil, "user_not_found"
	}
	t, code := s.resolveLocked(r.str("channel"))
	if code != "" {
		s.mu.Unlock()
		return nil, code
	}
	if t.dmUser != "" && t.dmUser != user {
		s.mu.Unlock()
		return nil, "user_not_in_channel"
	}
	m := Message{
		Kind: KindEphemeral, Channel: t.channel, TS: s.nextTSLocked(), ThreadTS: r.str("thread_ts"),
		User: user, DM: t.dmUser != "", Text: text, Blocks: blocks, At: s.now(),
	}
	s.current[m.Channel+"/"+m.TS] = m
	after := s.addMessageLocked(m)
	s.mu.Unlock()
	after()
	return map[string]any{"message_ts": m.TS}, ""
}

// chatUpdate replaces a posted message. Slack keeps the old blocks only when
// neither text nor blocks is sent.
func (s *Server) chatUpdate(r request) (map[string]any, string) {
	channel, ts := r.str("channel"), r.str("ts")
	if ts == "" {
		return nil, "message_not_found"
	}
	text, blocks, fail, code := messageContent(r, false)
	if code != "" {
		return fail, code
	}
	s.mu.Lock()
	old, ok := s.current[channel+"/"+ts]
	switch {
	case !ok: // includes U… channels: messages live under the D… id
		s.mu.Unlock()
		return nil, "message_not_found"
	case !old.visibleToAll():
		s.mu.Unlock()
		return nil, "cant_update_message"
	}
	_, hasText := r.params["text"]
	_, hasBlocks := r.params["blocks"]
	cur := old
	if hasText || hasBlocks {
		cur.Text, cur.Blocks = text, blocks
	}
	cur.At = s.now()
	s.current[channel+"/"+ts] = cur
	m := cur
	m.Kind = KindUpdate
	after := s.addMessageLocked(m)
	s.mu.Unlock()
	after()
	return map[string]any{"channel": channel, "ts": ts, "text": cur.Text, "message": s.wireMessage(cur)}, ""
}

func (s *Server) chatDelete(r request) (map[string]any, string) {
	channel, ts := r.str("channel"), r.str("ts")
	s.mu.Lock()
	old, ok := s.current[channel+"/"+ts]
	if !ok || !old.visibleToAll() {
		s.mu.Unlock()
		return nil, "message_not_found"
	}
	delete(s.current, channel+"/"+ts)
	m := old
	m.Kind = KindDelete
	after := s.addMessageLocked(m)
	s.mu.Unlock()
	after()
	return map[string]any{"channel": channel, "ts": ts}, ""
}

// wireMessage is the message object Slack returns and puts in payloads.
func (s *Server) wireMessage(m Message) map[string]any {
	out := map[string]any{
		"type": "message", "user": s.botUserID(), "bot_id": "B0ZOOMBOT",
		"app_id": s.appID(), "ts": m.TS, "text": m.Text, "team": s.teamID(),
	}
	if m.ThreadTS != "" {
		out["thread_ts"] = m.ThreadTS
	}
	if len(m.Blocks) > 0 {
		out["blocks"] = m.Blocks
	}
	return out
}

// bucket is a token bucket for one channel's posts.
type bucket struct {
	tokens float64
	at     time.Time
}

// takePostToken applies PostsPerSecond to channel. It returns the whole
// seconds to wait and whether the post is refused.
func (s *Server) takePostToken(channel string) (int, bool) {
	if s.PostsPerSecond <= 0 {
		return 0, false
	}
	burst := float64(s.PostBurst)
	if burst <= 0 {
		burst = 20
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	b, ok := s.buckets[channel]
	if !ok {
		b = &bucket{tokens: burst, at: now}
		s.buckets[channel] = b
	}
	b.tokens = math.Min(burst, b.tokens+now.Sub(b.at).Seconds()*s.PostsPerSecond)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return 0, false
	}
	wait := int(math.Ceil((1 - b.tokens) / s.PostsPerSecond))
	return max(wait, 1), true
}

// visibleToAll tells channel messages from ephemeral ones, which Slack
// cannot find for chat.update or chat.delete.
func (m Message) visibleToAll() bool {
	switch m.Kind {
	case KindEphemeral:
		return false
	case KindResponseURL:
		return m.ResponseType == "in_channel"
	}
	return true
}
