package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/zoombot/zoombot/bot"
	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
)

const (
	// readyTimeout bounds one /readyz answer; Kubernetes' default probe
	// timeout is 1 s, so each check must be quick or cached.
	readyTimeout = 900 * time.Millisecond
	// httpShutdownGrace is how long in-flight requests may finish at shutdown.
	httpShutdownGrace = 5 * time.Second
	// healthcheckTimeout bounds `zoombot healthcheck`, run by Docker.
	healthcheckTimeout = 3 * time.Second
)

// httpListening, when set by a test, learns the address the HTTP server
// bound (ZOOMBOT_HTTP_ADDR may ask for port 0).
var httpListening func(net.Addr)

// readyCheck is one condition of /readyz.
type readyCheck struct {
	name  string
	check func(ctx context.Context) error
}

// readyChecks are /readyz's conditions: the Socket Mode connection is up,
// the database answers, and a Zoom token is cached or can be had.
func readyChecks(b *bot.Bot, db *storage.DB, auth zoom.TokenSource) []readyCheck {
	return []readyCheck{
		{"socket", func(context.Context) error {
			if !b.Connected() {
				return errors.New("not connected to Slack")
			}
			return nil
		}},
		{"database", db.Ping},
		// A cached token answers at once; otherwise this is one token request.
		{"zoom_token", func(ctx context.Context) error { _, err := auth.Token(ctx); return err }},
	}
}

// routes are the HTTP server's handlers; a nil optional one is not mounted.
type routes struct {
	ready   []readyCheck
	metrics http.Handler
	webhook http.Handler // POST /zoom/webhook, when ZOOM_WEBHOOK_SECRET is set
	ics     http.Handler // GET /ics/, when ZOOMBOT_PUBLIC_URL is set
	log     *slog.Logger
}

func (rt routes) handler() http.Handler {
	mux := http.NewServeMux()
	// Liveness: answering at all is the proof. Checking dependencies here
	// would make Kubernetes restart the pod for a Zoom outage.
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	mux.Handle("GET /readyz", &readiness{checks: rt.ready, log: rt.log, last: map[string]bool{}})
	if rt.metrics != nil {
		mux.Handle("GET /metrics", rt.metrics)
	}
	if rt.webhook != nil {
		mux.Handle("POST /zoom/webhook", rt.webhook)
	}
	if rt.ics != nil {
		mux.Handle("GET /ics/", rt.ics)
	}
	return mux
}

// readiness serves /readyz. Its answer names each check but not the error:
// the port may be reachable from outside for the webhook. The error goes to
// the log, once per change of state, since probes come every few seconds.
type readiness struct {
	checks []readyCheck
	log    *slog.Logger

	mu   sync.Mutex
	last map[string]bool // check name → passed last time
}

func (rd *readiness) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	var b strings.Builder
	ready := true
	for _, c := range rd.checks {
		err := c.check(ctx)
		rd.note(ctx, c.name, err)
		if err != nil {
			ready = false
			fmt.Fprintf(&b, "%s: not ready\n", c.name)
		} else {
			fmt.Fprintf(&b, "%s: ok\n", c.name)
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if !ready {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	io.WriteString(w, b.String())
}

func (rd *readiness) note(ctx context.Context, name string, err error) {
	rd.mu.Lock()
	was, seen := rd.last[name]
	rd.last[name] = err == nil
	rd.mu.Unlock()
	switch {
	case err != nil && (was || !seen):
		rd.log.WarnContext(ctx, "readiness: check failing", "check", name, "err", err)
	case err == nil && seen && !was:
		rd.log.InfoContext(ctx, "readiness: check passing again", "check", name)
	}
}

// startHTTP listens on addr and serves h until ctx ends, then shuts down
// gracefully. A listen failure comes back at once; a later serve failure
// calls fail (which ends the bot) and comes out of the returned channel,
// which yields once the server has stopped.
func startHTTP(ctx context.Context, addr string, h http.Handler, log *slog.Logger, fail func()) (<-chan error, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("HTTP server (ZOOMBOT_HTTP_ADDR): %w", err)
	}
	if httpListening != nil {
		httpListening(ln.Addr())
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	log.Info("HTTP server listening", "addr", ln.Addr().String())
	done := make(chan error, 1)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	go func() {
		select {
		case <-ctx.Done():
			sctx, cancel := context.WithTimeout(context.Background(), httpShutdownGrace)
			defer cancel()
			err := srv.Shutdown(sctx)
			<-served
			done <- err
		case err := <-served:
			log.Error("HTTP server stopped", "err", err)
			fail()
			done <- fmt.Errorf("HTTP server: %w", err)
		}
	}()
	return done, nil
}

// linkSecret is the key that signs .ics links. Without ZOOMBOT_LINK_SECRET
// it is derived from the bot token, so it survives restarts without more
// configuration; rotating the bot token then invalidates links already
// posted, which only costs a click on a newer message.
func linkSecret(cfg config) []byte {
	if cfg.LinkSecret != "" {
		return []byte(cfg.LinkSecret)
	}
	mac := hmac.New(sha256.New, []byte(cfg.SlackBotToken))
	io.WriteString(mac, "zoombot .ics link key v1")
	return mac.Sum(nil)
}

// logSecrets are the configured values no log line may contain.
func logSecrets(cfg config) []string {
	s := []string{cfg.SlackAppToken, cfg.SlackBotToken, cfg.ZoomClientSecret, cfg.ZoomAPISecret,
		cfg.ZoomWebhookSecret, cfg.LinkSecret, hex.EncodeToString(linkSecret(cfg))}
	if u, err := url.Parse(cfg.DatabaseURL); err == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok {
			s = append(s, pw)
		}
	}
	if cfg.ZoomClientSecret != "" {
		// The token request's Basic credentials; logsafe also drops their base64.
		s = append(s, cfg.ZoomClientID+":"+cfg.ZoomClientSecret)
	}
	return s
}

// runHealthcheck is `zoombot healthcheck`: Docker's HEALTHCHECK in an image
// with no shell or curl. It asks /healthz on the address the server listens
// on and exits 0 when it answers 200.
func runHealthcheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("zoombot healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("http-addr", "", "address of zoombot's HTTP server (env ZOOMBOT_HTTP_ADDR)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &exitError{code: 2, err: err}
	}
	if *addr == "" {
		*addr = strings.TrimSpace(getenv("ZOOMBOT_HTTP_ADDR"))
	}
	if *addr == "" {
		fmt.Fprintln(stdout, "the HTTP server is off (ZOOMBOT_HTTP_ADDR is empty): nothing to check")
		return nil
	}
	u, err := healthzURL(*addr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, healthcheckTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %s", u, resp.Status)
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}

// healthzURL turns a listen address into the URL to ask from inside the
// container: a wildcard host means loopback.
func healthzURL(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", usageErr("ZOOMBOT_HTTP_ADDR %q: %v", addr, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz", nil
}
