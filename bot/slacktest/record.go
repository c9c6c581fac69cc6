package slacktest

import (
	"context"
	"encoding/json"
	"time"
)

// MessageKind says how a message reached Slack.
type MessageKind string

// The kinds of Message the fake records.
const (
	KindPost        MessageKind = "post"         // chat.postMessage, or an in_channel slash-command reply
	KindEphemeral   MessageKind = "ephemeral"    // chat.postEphemeral, or an ephemeral slash-command reply
	KindUpdate      MessageKind = "update"       // chat.update
	KindDelete      MessageKind = "delete"       // chat.delete
	KindResponseURL MessageKind = "response_url" // a POST to a response_url
)

// Message is one message operation as Slack received it.
type Message struct {
	Kind     MessageKind
	Channel  string // C…/G…/D… id, never U…
	TS       string // the message's ts (for ephemerals, message_ts)
	ThreadTS string
	// User is the ephemeral's target, the DM's other member, or for
	// response_url messages the user who invoked the command or clicked.
	User                            string
	DM                              bool
	Text                            string
	Blocks                          json.RawMessage // nil when none were sent
	ResponseType                    string          // response_url and slash replies: "ephemeral" or "in_channel"
	ReplaceOriginal, DeleteOriginal bool
	At                              time.Time
}

// View is one views.* call (or a response_action that changed a modal).
type View struct {
	Kind            string // open, update, push or publish
	ID              string
	UserID          string
	TriggerID       string
	Hash            string // the hash after this call
	CallbackID      string
	PrivateMetadata string
	JSON            json.RawMessage // the view object as the app sent it
}

// Call is one request to the Web API, recorded for assertions.
type Call struct {
	Method string
	Token  string
	Params map[string]any // form fields as strings, or the decoded JSON body
	At     time.Time
}

// Messages returns every recorded message operation in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// WaitMessage returns the first recorded message (past or future) that
// matches, or ctx's error. match runs without the server's lock, so it may
// call the Server.
func (s *Server) WaitMessage(ctx context.Context, match func(Message) bool) (Message, error) {
	return waitAppend(ctx, s, func() []Message { return s.messages }, match)
}

// MessageAt returns the current content of a channel message after updates
// and replace_original responses; false if it never existed or was deleted.
// Ephemerals are included; their Kind stays "ephemeral".
func (s *Server) MessageAt(channel, ts string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.current[channel+"/"+ts]
	return m, ok
}

// Views returns every recorded view operation in order.
func (s *Server) Views() []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]View(nil), s.views...)
}

// HomeView returns the last view published to userID's Home tab.
func (s *Server) HomeView(userID string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.views) - 1; i >= 0; i-- {
		if v := s.views[i]; v.Kind == "publish" && v.UserID == userID {
			return v, true
		}
	}
	return View{}, false
}

// WaitView returns the first recorded view (past or future) that matches.
// match runs without the server's lock.
func (s *Server) WaitView(ctx context.Context, match func(View) bool) (View, error) {
	return waitAppend(ctx, s, func() []View { return s.views }, match)
}

// waitAppend scans an append-only record for a match, each element once,
// waking on every state change. Elements below a snapshot's length are never
// written again, so they are read without the lock.
func waitAppend[T any](ctx context.Context, s *Server, list func() []T, match func(T) bool) (T, error) {
	seen := 0
	for {
		s.mu.Lock()
		s.initLocked()
		items, ch := list(), s.changed
		s.mu.Unlock()
		for ; seen < len(items); seen++ {
			if match(items[seen]) {
				return items[seen], nil
			}
		}
		select {
		case <-ch:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
	}
}

// Calls returns every Web API call in order, failed ones included.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// CountCalls counts the calls of one method, failed ones included.
func (s *Server) CountCalls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		if c.Method == method {
			n++
		}
	}
	return n
}

func (s *Server) record(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.initLocked()
	c.At = s.now()
	s.calls = append(s.calls, c)
	s.notifyLocked()
}

// addMessageLocked records m, stamped now; callers keep current in step.
// It returns the OnMessage callback to run after unlocking.
func (s *Server) addMessageLocked(m Message) func() {
	m.At = s.now()
	s.messages = append(s.messages, m)
	s.notifyLocked()
	hook := s.OnMessage
	if hook == nil {
		return func() {}
	}
	return func() { hook(m) }
}

func (s *Server) addViewLocked(v View) func() {
	s.views = append(s.views, v)
	s.notifyLocked()
	hook := s.OnView
	if hook == nil {
		return func() {}
	}
	return func() { hook(v) }
}
