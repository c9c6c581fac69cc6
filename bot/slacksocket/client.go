package slacksocket

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// Client is one Socket Mode connection, kept open across reconnects. Set
// its fields before Run.
type Client struct {
	API *slack.Client // with the app-level token (slack.OptionAppLevelToken)
	// PingInterval is the longest Slack may go without pinging before the
	// connection counts as dead and is replaced. Zero means 30 s, as in
	// slack-go.
	PingInterval time.Duration
	// Dialer dials the websocket. Nil means gorilla's defaults, as slack-go.
	Dialer *websocket.Dialer
	// OnState, if set, hears the connection's life: "connecting",
	// "connected", "disconnect" (Slack asked; detail says why),
	// "connection_error" (detail: the error).
	OnState func(state, detail string)
	// OnAck, if set, hears each ack: the envelope's type and the time from
	// reading its frame to writing the ack.
	OnAck func(typ string, took time.Duration)
	// OnRead, if set, is called for each envelope as soon as its frame is
	// read, before its ack: whoever sees the ack can then wait for the
	// work (a test, a shutdown). handle is called for every envelope
	// OnRead saw, even one that fails to decode (Envelope.Err).
	OnRead func()
}

// Envelope is one request from Slack.
type Envelope struct {
	// Event is the envelope as socketmode.Client delivers it: Type, Data
	// decoded into slack-go's types, and Request. Only Request is set
	// until Decode (an envelope that waits for its answer comes decoded).
	Event    socketmode.Event
	Received time.Time // when its frame was read
	// Err says why the envelope cannot be handled: its ack could not be
	// sent (Slack will send it again), or its payload could not be decoded
	// (it was acked, so Slack will not). Event then holds only the Request.
	Err     error
	decoded bool
	acked   bool
	conn    *conn
}

// Decode fills Event from Request as socketmode does, once. It returns
// Err.
func (e *Envelope) Decode() error {
	if !e.decoded && e.Err == nil {
		e.decoded = true
		evt, err := Decode(e.Event.Request)
		if err != nil {
			e.Err = err
		} else {
			e.Event = evt
		}
	}
	return e.Err
}

// Acked reports whether the reader acked the envelope already, without a
// payload. Ack on such an envelope does nothing.
func (e *Envelope) Acked() bool { return e.acked }

// Ack acks the envelope with payload (nil for none), if the reader did not.
func (e *Envelope) Ack(payload any) error {
	if e.acked || e.conn == nil {
		return nil
	}
	e.acked = true
	return e.conn.ack(e.Event.Request.Type, e.Event.Request.EnvelopeID, payload, e.Received)
}

// NeedsAnswer reports whether an envelope's ack may carry an answer, so
// that the reader must leave it to the handler: view submissions (field
// errors, a pushed or updated view) and block suggestions (the options).
// Everything else is acked the moment it is read.
func NeedsAnswer(typ string, payload json.RawMessage) bool {
	if typ != socketmode.RequestTypeInteractive {
		return false
	}
	var p struct {
		Type slack.InteractionType `json:"type"`
	}
	_ = json.Unmarshal(payload, &p)
	return p.Type == slack.InteractionTypeViewSubmission || p.Type == slack.InteractionTypeBlockSuggestion
}

// errFatal marks connection errors that retrying cannot fix.
var fatalCodes = map[string]bool{"invalid_auth": true, "account_inactive": true, "not_authed": true, "token_revoked": true}

// Run connects and serves until ctx ends (returning nil) or Slack refuses
// the app-level token (returning that error). handle is called for each
// envelope, one at a time in the order they were read, on Run's goroutine.
func (c *Client) Run(ctx context.Context, handle func(*Envelope)) error {
	delay := time.Duration(0)
	for attempt := 0; ; attempt++ {
		if delay > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(delay):
			}
		}
		c.state("connecting", "")
		ws, err := c.dial(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil && fatal(err):
			return err
		case err != nil:
			c.state("connection_error", err.Error())
			delay = backoff(delay, err)
			continue
		}
		delay = 0
		err = c.serve(ctx, ws, handle)
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, errDisconnect) {
			continue // Slack asked: reconnect at once
		}
		c.state("connection_error", err.Error())
		delay = backoff(delay, err)
	}
}

func fatal(err error) bool {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && fatalCodes[se.Err] {
		return true
	}
	var code slack.StatusCodeError
	return fatalCodes[err.Error()] || (errors.As(err, &code) && code.Code == http.StatusNotFound)
}

// backoff doubles the wait up to 5 minutes, with jitter, honouring
// Slack's Retry-After.
func backoff(prev time.Duration, err error) time.Duration {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) && rl.RetryAfter > 0 {
		return rl.RetryAfter
	}
	next := min(max(2*prev, 100*time.Millisecond), 5*time.Minute)
	return next/2 + rand.N(next/2+1)
}

func (c *Client) state(s, detail string) {
	if c.OnState != nil {
		c.OnState(s, detail)
	}
}

func (c *Client) pingInterval() time.Duration {
	if c.PingInterval > 0 {
		return c.PingInterval
	}
	return 30 * time.Second
}

// dial opens a connection as slack-go does: apps.connections.open, then
// the websocket with Slack's Origin.
func (c *Client) dial(ctx context.Context) (*websocket.Conn, error) {
	_, url, err := c.API.StartSocketModeContext(ctx)
	if err != nil {
		return nil, err
	}
	d := c.Dialer
	if d == nil {
		d = &websocket.Dialer{Proxy: http.ProxyFromEnvironment, HandshakeTimeout: 45 * time.Second}
	}
	hdr := http.Header{}
	hdr.Add("Origin", "https://api.slack.com")
	ws, res, err := d.DialContext(ctx, url, hdr)
	if res != nil && res.Body != nil {
		res.Body.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("dial Socket Mode: %w", err)
	}
	return ws, nil
}

// errDisconnect is Slack's "disconnect" envelope: open a new connection.
var errDisconnect = errors.New("slack asked to reconnect")

// conn is one websocket; writes from the reader (acks) and from the
// handler (answered acks) share its lock, since gorilla allows one writer.
type conn struct {
	ws    *websocket.Conn
	mu    sync.Mutex
	onAck func(string, time.Duration)
}

func (c *conn) ack(typ, envelopeID string, payload any, received time.Time) error {
	var frame []byte
	if payload == nil {
		// The common case, without encoding/json: an envelope id is
		// Slack's own token of letters, digits and dashes.
		frame = append(append([]byte(`{"envelope_id":`), quote(envelopeID)...), '}')
	} else {
		var err error
		if frame, err = json.Marshal(struct {
			EnvelopeID string `json:"envelope_id"`
			Payload    any    `json:"payload"`
		}{envelopeID, payload}); err != nil {
			return err
		}
	}
	c.mu.Lock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
	err := c.ws.WriteMessage(websocket.TextMessage, frame)
	c.mu.Unlock()
	if err == nil && c.onAck != nil {
		c.onAck(typ, time.Since(received))
	}
	return err
}

// quote is strconv.Quote for JSON: the id escaped as a JSON string.
func quote(s string) []byte {
	b, _ := json.Marshal(s)
	return b
}
