package slacktest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// maxConnections is Slack's per-app cap on open sockets [SM].
const maxConnections = 10

// wsConn is one Socket Mode connection.
type wsConn struct {
	ws      *websocket.Conn
	writeMu sync.Mutex // gorilla allows one writer at a time (pings use WriteControl)
	done    chan struct{}
	once    sync.Once
	// ready is set once hello went out; leaving once a disconnect was sent,
	// after which Slack delivers nothing more there. Both under Server.mu.
	ready, leaving bool
	// id numbers the connection: 1 for the first to complete its hello,
	// and so on over the server's life. Set under Server.mu with ready.
	id int
}

func (c *wsConn) usable() bool { return c.ready && !c.leaving }

func (c *wsConn) close() {
	c.once.Do(func() {
		close(c.done)
		_ = c.ws.Close()
	})
}

func (c *wsConn) writeJSON(v any) error { return c.writeJSONStamped(v, nil) }

// writeJSONStamped writes v, calling stamp (if not nil) right before the
// write, once this writer's turn has come: an envelope's send time must
// not include the wait behind other writers, or a burst's ack latencies
// would be the fake's own queue.
func (c *wsConn) writeJSONStamped(v any, stamp func()) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if stamp != nil {
		stamp()
	}
	return c.ws.WriteMessage(websocket.TextMessage, b)
}

// appsConnectionsOpen hands out a single-use websocket URL. Only a Bearer
// xapp- token works: "send the token in the Authorization header, not as a
// parameter" [SM].
func (s *Server) appsConnectionsOpen(w http.ResponseWriter, r request, bearer string) {
	code := ""
	switch {
	case bearer == "":
		code = "not_authed" // a form token alone is refused
	case strings.HasPrefix(bearer, "xoxb-") || strings.HasPrefix(bearer, "xoxp-"):
		code = "not_allowed_token_type"
	case bearer != s.appToken():
		code = "invalid_auth"
	}
	if code == "" && s.MethodHook != nil {
		code = s.MethodHook(Call{Method: r.method, Token: r.token, Params: r.params, At: s.now()})
	}
	if code == "" {
		s.mu.Lock()
		if len(s.conns) >= maxConnections {
			code = "too_many_websockets" // modelling choice; Slack does not document this answer
		} else {
			ticket := s.nextIDLocked("tk-")
			s.tickets[ticket] = true
			s.mu.Unlock()
			writeJSON(w, map[string]any{"ok": true, "url": "ws" + strings.TrimPrefix(s.url, "http") + "/link/?ticket=" + ticket})
			return
		}
		s.mu.Unlock()
	}
	writeJSON(w, map[string]any{"ok": false, "error": code})
}

// serveSocket upgrades a dial that carries a fresh ticket. Extra query
// parameters (slack-go's debug_reconnects) are ignored.
func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	s.mu.Lock()
	ok := s.tickets[ticket]
	delete(s.tickets, ticket)
	full := len(s.conns) >= maxConnections
	s.mu.Unlock()
	if !ok {
		http.Error(w, "invalid or used ticket", http.StatusUnauthorized)
		return
	}
	if full {
		http.Error(w, "too many websockets", http.StatusServiceUnavailable)
		return
	}
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade already answered
	}
	c := &wsConn{ws: ws, done: make(chan struct{})}
	s.mu.Lock()
	select {
	case <-s.closed:
		s.mu.Unlock()
		_ = ws.Close()
		return
	default:
	}
	s.conns = append(s.conns, c)
	n := len(s.conns)
	s.wg.Add(2) // under the lock, so Close cannot be waiting yet
	s.mu.Unlock()
	go s.pingLoop(c)
	go s.readLoop(c)

	// hello goes out before the connection is offered for deliveries, so it
	// is always the first frame [SM].
	hello := map[string]any{
		"type": "hello", "num_connections": n,
		"connection_info": map[string]any{"app_id": s.appID()},
		"debug_info":      map[string]any{"host": "applink-fake", "build_number": 1, "approximate_connection_time": 18060},
	}
	if err := c.writeJSON(hello); err != nil {
		s.dropConn(c)
		return
	}
	s.mu.Lock()
	c.ready = true
	s.opened++
	c.id = s.opened
	s.notifyLocked()
	s.mu.Unlock()
}

// pingLoop sends websocket pings: slack-go reconnects when they stop.
func (s *Server) pingLoop(c *wsConn) {
	defer s.wg.Done()
	t := time.NewTicker(s.pingInterval())
	defer t.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-t.C:
			if err := c.ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(5*time.Second)); err != nil {
				s.dropConn(c)
				return
			}
		}
	}
}

// readLoop reads ack frames until the socket fails.
func (s *Server) readLoop(c *wsConn) {
	defer s.wg.Done()
	defer s.dropConn(c)
	for {
		_, frame, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		s.handleAck(frame)
	}
}

// dropConn forgets c and closes it.
func (s *Server) dropConn(c *wsConn) {
	s.mu.Lock()
	s.conns = slices.DeleteFunc(s.conns, func(x *wsConn) bool { return x == c })
	s.notifyLocked()
	s.mu.Unlock()
	c.close()
}

// WaitConnected waits until at least n sockets are connected (hello sent).
func (s *Server) WaitConnected(ctx context.Context, n int) error {
	return s.waitFor(ctx, func() bool {
		live := 0
		for _, c := range s.conns {
			if c.usable() {
				live++
			}
		}
		return live >= n
	})
}

// Connections returns the ids of the usable connections, in order. An id
// numbers a connection by when its handshake completed: 1 for the first
// over the server's life, and so on.
func (s *Server) Connections() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []int
	for _, c := range s.conns {
		if c.usable() {
			ids = append(ids, c.id)
		}
	}
	slices.Sort(ids)
	return ids
}

// connKey is the context key of a delivery's choice of connection.
type connKey struct{}

// connChoice says which connections a delivery may use: only, if set, or
// any but not.
type connChoice struct{ only, not int }

// ToConnection returns a context whose deliveries (SendSlashCommand,
// SendInteractive, SendEvent, ClickButton …) go to connection id only,
// waiting for it if it is not usable yet, instead of round robin.
func ToConnection(ctx context.Context, id int) context.Context {
	return context.WithValue(ctx, connKey{}, connChoice{only: id})
}

// ConnectionsOpened counts sockets that completed the handshake, over the
// server's life.
func (s *Server) ConnectionsOpened() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opened
}

// Disconnect sends {"type":"disconnect","reason":reason} to every
// connection. "warning" only warns; any other reason (refresh_requested,
// link_disabled) is followed by closing the socket shortly after, as Slack
// does. No envelope goes to a connection after it was told to leave.
func (s *Server) Disconnect(reason string) {
	s.mu.Lock()
	var conns []*wsConn
	for _, c := range s.conns {
		if c.ready {
			conns = append(conns, c)
		}
	}
	if reason != "warning" {
		for _, c := range conns {
			c.leaving = true
		}
	}
	s.notifyLocked()
	s.mu.Unlock()
	frame := map[string]any{"type": "disconnect", "reason": reason,
		"debug_info": map[string]any{"host": "applink-fake"}}
	for _, c := range conns {
		if err := c.writeJSON(frame); err != nil || reason == "warning" {
			continue
		}
		// Give the client a moment to read the frame and leave by itself.
		c.writeMu.Lock()
		_ = c.ws.WriteControl(websocket.CloseMessage,
			websocket.FormatCloseMessage(websocket.CloseNormalClosure, reason), time.Now().Add(time.Second))
		c.writeMu.Unlock()
		_ = c.ws.SetReadDeadline(time.Now().Add(time.Second))
	}
}

// DropConnections closes every socket abruptly, with no close frame.
func (s *Server) DropConnections() {
	s.mu.Lock()
	conns := s.conns
	s.conns = nil
	s.notifyLocked()
	s.mu.Unlock()
	for _, c := range conns {
		c.close()
	}
}

// errNoConnection is wrapped when a delivery finds no socket in time.
var errNoConnection = errors.New("slacktest: no Socket Mode connection")

// deliver sends an envelope to exactly one live connection, round-robin
// (or the one ToConnection chose), waiting for one until ctx ends. The
// envelope is registered before the write so a fast ack always finds it.
func (s *Server) deliver(ctx context.Context, env *envelope) (*Delivery, error) {
	choice, _ := ctx.Value(connKey{}).(connChoice)
	for {
		var c *wsConn
		err := s.waitFor(ctx, func() bool {
			var live []*wsConn
			for _, x := range s.conns {
				if x.usable() && (choice.only == 0 || x.id == choice.only) && (choice.not == 0 || x.id != choice.not) {
					live = append(live, x)
				}
			}
			if len(live) == 0 {
				return false
			}
			s.rr++
			c = live[s.rr%len(live)]
			s.pending[env.d.EnvelopeID] = env
			return true
		})
		if err != nil {
			s.mu.Lock()
			delete(s.pending, env.d.EnvelopeID)
			s.mu.Unlock()
			return nil, fmt.Errorf("%w: %w", errNoConnection, err)
		}
		stamp := func() {
			s.mu.Lock()
			env.sent = time.Now()
			s.mu.Unlock()
		}
		if err := c.writeJSONStamped(env.frame(), stamp); err == nil {
			d := env.d
			d.Conn = c.id
			return &d, nil
		}
		s.dropConn(c) // a broken socket: try another
	}
}
