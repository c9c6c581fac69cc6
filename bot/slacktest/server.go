package slacktest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Server is a fake Slack workspace with one installed app. Its zero value is
// not started; configure the exported fields, then call Start. All methods
// are safe for concurrent use.
type Server struct {
	// BotToken is the only xoxb- token the Web API accepts. "" = "xoxb-test-token".
	BotToken string
	// AppToken is the only xapp- token apps.connections.open accepts. "" = "xapp-test-token".
	AppToken string
	// TeamID is the workspace id in payloads and auth.test. "" = "T0001".
	TeamID string
	// TeamDomain is the workspace domain in payloads and auth.test. "" = "zoombot-test".
	TeamDomain string
	// BotUserID is the bot's user id (auth.test, message authors). "" = "UZOOMBOT".
	BotUserID string
	// AppID is the app id in payloads and hello frames. "" = "A0ZOOMBOT".
	AppID string
	// BotScopes is the bot token's granted scopes, comma-separated, sent as
	// the X-OAuth-Scopes header of auth.test (as Slack does).
	// "" = DefaultBotScopes.
	BotScopes string

	// PingInterval is how often each socket gets a websocket ping frame. 0 = 5 s.
	PingInterval time.Duration
	// AckDeadline is Slack's 3-second rule: a later ack is recorded as Late,
	// which a real user would see as an error. 0 = 3 s.
	AckDeadline time.Duration
	// TriggerTTL is how long a trigger_id stays usable, measured with Now. 0 = 3 s.
	TriggerTTL time.Duration
	// Now is the clock for timestamps, trigger and response_url expiry and the
	// post rate limit. nil = time.Now. Ack latency uses the real monotonic clock
	// regardless, since it measures the bot, not the scenario.
	Now func() time.Time

	// PostsPerSecond limits chat.postMessage per channel (Slack: about 1/s with
	// short bursts); over the limit the answer is HTTP 429 with Retry-After.
	// 0 = no limit, because the load tool posts hundreds of messages.
	PostsPerSecond float64
	// PostBurst is the bucket size when PostsPerSecond is set. 0 = 20.
	PostBurst int

	// NoChatWritePublic models an app without the chat:write.public scope:
	// posting to a public channel the bot has not joined answers not_in_channel.
	// false = the bot may post to any public channel.
	NoChatWritePublic bool
	// HomeTabDisabled models home_tab_enabled: false in the manifest, so
	// views.publish answers not_enabled. false = the Home tab works.
	HomeTabDisabled bool

	// OnMessage is called after every post, ephemeral, update, delete,
	// response_url message and slash-command reply. nil = nothing. It runs
	// synchronously, without the server's lock, on the goroutine serving the
	// call or reading the ack, so it should return quickly.
	OnMessage func(Message)
	// OnView is called after every views.open/update/push/publish and every
	// view_submission ack whose response_action updated or pushed a view.
	// nil = nothing. Same calling rules as OnMessage.
	OnView func(View)
	// MethodHook lets a test fail a Web API method: a non-empty result is
	// answered as {"ok":false,"error":result} after the token check. It also
	// sees apps.connections.open. nil = every method behaves normally.
	MethodHook func(Call) string

	startOnce sync.Once
	closeOnce sync.Once
	ln        net.Listener
	srv       *http.Server
	url       string
	upgrader  websocket.Upgrader
	wg        sync.WaitGroup // socket goroutines, waited for by Close
	closed    chan struct{}

	mu          sync.Mutex
	changed     chan struct{} // closed and replaced on every state change
	seq         int           // ids: envelopes, views, triggers, tickets
	lastTSMicro int64
	users       map[string]User
	channels    map[string]Channel
	dms         map[string]string // user id → D… id
	dmUsers     map[string]string // D… id → user id
	tickets     map[string]bool
	conns       []*wsConn
	opened      int
	rr          int
	pending     map[string]*envelope
	acks        []Ack
	ackIndex    map[string]int           // envelope id → its first ack in acks
	ackWaits    map[string]chan struct{} // envelope id → closed at its first ack (WaitAck)
	triggers    map[string]*trigger
	hooks       map[string]*responseHook
	messages    []Message
	current     map[string]Message // channel + "/" + ts → current content
	views       []View
	live        map[string]*liveView // view id → current
	homes       map[string]string    // user id → home view id
	calls       []Call
	buckets     map[string]*bucket
	pingEvery   time.Duration // SetPingInterval's, over PingInterval
}

// NewServer returns an unstarted Server with default configuration.
func NewServer() *Server { return &Server{} }

// Start listens on 127.0.0.1 on a free port and serves in the background.
// It panics if it cannot listen, like httptest.Server.
func (s *Server) Start() {
	s.startOnce.Do(func() {
		s.initLocked()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			panic(fmt.Sprintf("slacktest: listen: %v", err))
		}
		s.ln = ln
		s.url = "http://" + ln.Addr().String()
		s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
		go func() { _ = s.srv.Serve(ln) }()
	})
}

// Close stops the server, closes every websocket and waits for the
// goroutines the server started.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.initLocked()
		close(s.closed)
		conns := append([]*wsConn(nil), s.conns...)
		s.conns = nil
		s.notifyLocked()
		s.mu.Unlock()
		if s.srv != nil {
			_ = s.srv.Close()
		}
		for _, c := range conns {
			c.close()
		}
		s.wg.Wait()
	})
}

// URL is the base URL, "http://127.0.0.1:PORT", without a trailing slash.
func (s *Server) URL() string { return s.url }

// APIURL is URL()+"/api/". The trailing slash matters: slack-go appends the
// method name to it by plain concatenation.
func (s *Server) APIURL() string { return s.url + "/api/" }

// ServeHTTP routes /api/<method>, the websocket /link/ and response_url hooks.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.initLocked()
	s.mu.Unlock()
	switch {
	case strings.HasPrefix(r.URL.Path, "/api/"):
		s.serveAPI(w, r, strings.TrimPrefix(r.URL.Path, "/api/"))
	case r.URL.Path == "/link/" || r.URL.Path == "/link":
		s.serveSocket(w, r)
	case strings.HasPrefix(r.URL.Path, "/hooks/"):
		s.serveResponseURL(w, r, strings.TrimPrefix(r.URL.Path, "/hooks/"))
	default:
		// Record instead of panicking: the sandbox runs on this fake too.
		s.record(Call{Method: "unknown_path:" + r.URL.Path, Params: map[string]any{}})
		http.NotFound(w, r)
	}
}

// initLocked fills lazily built state so the zero Server works.
func (s *Server) initLocked() {
	if s.changed != nil {
		return
	}
	s.changed = make(chan struct{})
	s.closed = make(chan struct{})
	s.users = map[string]User{}
	s.channels = map[string]Channel{}
	s.dms = map[string]string{}
	s.dmUsers = map[string]string{}
	s.tickets = map[string]bool{}
	s.pending = map[string]*envelope{}
	s.ackIndex = map[string]int{}
	s.ackWaits = map[string]chan struct{}{}
	s.triggers = map[string]*trigger{}
	s.hooks = map[string]*responseHook{}
	s.current = map[string]Message{}
	s.live = map[string]*liveView{}
	s.homes = map[string]string{}
	s.buckets = map[string]*bucket{}
	s.upgrader = websocket.Upgrader{
		// slack-go dials with Origin: https://api.slack.com; the default
		// same-origin check would answer 403.
		CheckOrigin:     func(*http.Request) bool { return true },
		ReadBufferSize:  32 * 1024,
		WriteBufferSize: 32 * 1024,
	}
}

// notifyLocked wakes every Wait* call so it can re-check its condition.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitFor polls check under the lock each time the state changes, until it
// reports done or ctx ends.
func (s *Server) waitFor(ctx context.Context, check func() bool) error {
	for {
		s.mu.Lock()
		s.initLocked()
		if check() {
			s.mu.Unlock()
			return nil
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// nextIDLocked returns a fresh id with the given prefix, unique per server.
func (s *Server) nextIDLocked(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s%07d", prefix, s.seq)
}

// nextTSLocked returns a message ts: Slack's "seconds.micros" form, unique and
// strictly increasing even when the clock is fixed.
func (s *Server) nextTSLocked() string {
	t := s.now().UnixMicro()
	if t <= s.lastTSMicro {
		t = s.lastTSMicro + 1
	}
	s.lastTSMicro = t
	return fmt.Sprintf("%d.%06d", t/1e6, t%1e6)
}

func (s *Server) botToken() string   { return or(s.BotToken, "xoxb-test-token") }
func (s *Server) appToken() string   { return or(s.AppToken, "xapp-test-token") }
func (s *Server) teamID() string     { return or(s.TeamID, "T0001") }
func (s *Server) teamDomain() string { return or(s.TeamDomain, "zoombot-test") }
func (s *Server) botUserID() string  { return or(s.BotUserID, "UZOOMBOT") }
func (s *Server) appID() string      { return or(s.AppID, "A0ZOOMBOT") }
func (s *Server) botScopes() string  { return or(s.BotScopes, DefaultBotScopes) }

// DefaultBotScopes are the scopes of manifest.yaml, which a correctly
// installed app has.
const DefaultBotScopes = "commands,chat:write,chat:write.public,im:write,users:read,users:read.email"

func (s *Server) pingInterval() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return orDur(s.pingEvery, orDur(s.PingInterval, 5*time.Second))
}

// SetPingInterval changes, while the server runs, the ping interval of the
// connections opened from now on (a test of a client's ping timeout sets
// it to hours: the pings stop).
func (s *Server) SetPingInterval(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pingEvery = d
}
func (s *Server) ackDeadline() time.Duration { return orDur(s.AckDeadline, 3*time.Second) }
func (s *Server) triggerTTL() time.Duration  { return orDur(s.TriggerTTL, 3*time.Second) }

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func orDur(v, def time.Duration) time.Duration {
	if v <= 0 {
		return def
	}
	return v
}
