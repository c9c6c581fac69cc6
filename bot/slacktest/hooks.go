package slacktest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"
)

// response_url limits: "up to 5 times within 30 minutes" [HUI].
const (
	maxHookUses = 5
	hookTTL     = 30 * time.Minute
)

// responseHook is one response_url.
type responseHook struct {
	channel, user string
	// originTS is the message an interaction came from, which
	// replace_original and delete_original act on; "" for commands.
	originTS string
	created  time.Time
	uses     int
}

// newHookLocked creates a response_url and returns it.
func (s *Server) newHookLocked(channel, user, originTS string) string {
	id := s.nextIDLocked("h")
	s.hooks[id] = &responseHook{channel: channel, user: user, originTS: originTS, created: s.now()}
	return s.url + "/hooks/" + s.teamID() + "/" + id
}

// hookBody is what an app POSTs to a response_url.
type hookBody struct {
	Text            string          `json:"text"`
	Blocks          json.RawMessage `json:"blocks"`
	ResponseType    string          `json:"response_type"`
	ReplaceOriginal bool            `json:"replace_original"`
	DeleteOriginal  bool            `json:"delete_original"`
	ThreadTS        string          `json:"thread_ts"`
}

// serveResponseURL records a response_url message. Exhausted or expired
// URLs answer HTTP 200 {"ok":false,"error":"used_url"|"expired_url"}, so
// slack-go surfaces the code (a modelling choice; Slack's exact status for
// these is not documented).
func (s *Server) serveResponseURL(w http.ResponseWriter, r *http.Request, rest string) {
	id := rest[strings.LastIndex(rest, "/")+1:]
	raw, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var params map[string]any
	_ = json.Unmarshal(raw, &params)
	s.record(Call{Method: "response_url", Params: params})
	var b hookBody
	if r.Method != http.MethodPost || json.Unmarshal(raw, &b) != nil {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_payload"})
		return
	}
	if len(b.Blocks) > 0 && string(b.Blocks) != "null" {
		if code, detail := validateMessageBlocks(b.Blocks); code != "" {
			writeJSON(w, map[string]any{"ok": false, "error": code, "response_metadata": map[string]any{"messages": []string{detail}}})
			return
		}
	} else {
		b.Blocks = nil
	}
	if !b.DeleteOriginal && b.Text == "" && b.Blocks == nil {
		writeJSON(w, map[string]any{"ok": false, "error": "no_text"})
		return
	}

	s.mu.Lock()
	h, ok := s.hooks[id]
	code := ""
	switch {
	case !ok:
		code = "invalid_url"
	case s.now().Sub(h.created) > hookTTL:
		code = "expired_url"
	case h.uses >= maxHookUses:
		code = "used_url"
	}
	if code != "" {
		s.mu.Unlock()
		writeJSON(w, map[string]any{"ok": false, "error": code})
		return
	}
	h.uses++
	rt := b.ResponseType
	if rt == "" {
		rt = "ephemeral" // Slack's default for response_url messages
	}
	m := Message{Kind: KindResponseURL, Channel: h.channel, ThreadTS: b.ThreadTS, User: h.user, At: s.now(),
		DM: strings.HasPrefix(h.channel, "D"), Text: b.Text, Blocks: b.Blocks, ResponseType: rt,
		ReplaceOriginal: b.ReplaceOriginal, DeleteOriginal: b.DeleteOriginal}
	key := h.channel + "/" + h.originTS
	orig, hasOrig := s.current[key]
	switch {
	case b.DeleteOriginal:
		// A command has no original message to delete; nothing is shown.
		m.TS = h.originTS
		if h.originTS != "" {
			delete(s.current, key)
		}
	case b.ReplaceOriginal && hasOrig:
		m.TS = h.originTS
		orig.Text, orig.Blocks, orig.At = m.Text, m.Blocks, s.now()
		s.current[key] = orig
	default:
		m.TS = s.nextTSLocked()
		s.current[h.channel+"/"+m.TS] = m
	}
	after := s.addMessageLocked(m)
	s.mu.Unlock()
	after()
	writeJSON(w, map[string]any{"ok": true})
}
