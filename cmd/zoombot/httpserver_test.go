package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zoombot/zoombot/bot"
	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/internal/logsafe"
	"github.com/zoombot/zoombot/metrics"
	"github.com/zoombot/zoombot/storage"
)

const (
	testWebhookSecret = "whsec-test-0123456789"
	testLinkSecret    = "link-secret-test-0123456789"
)

// startHTTPHarness runs the bot with the HTTP server on a free loopback
// port and returns the server's base URL.
func startHTTPHarness(t *testing.T) (*harness, string) {
	t.Helper()
	addrs := make(chan net.Addr, 1)
	httpListening = func(a net.Addr) { addrs <- a }
	t.Cleanup(func() { httpListening = nil })
	h := startHarnessEnv(t, map[string]string{
		"ZOOMBOT_HTTP_ADDR": "127.0.0.1:0", "ZOOM_WEBHOOK_SECRET": testWebhookSecret,
		"ZOOMBOT_PUBLIC_URL": "https://zoombot.example.test/", "ZOOMBOT_LINK_SECRET": testLinkSecret,
	})
	select {
	case a := <-addrs:
		return h, "http://" + a.String()
	case <-time.After(5 * time.Second):
		t.Fatal("the HTTP server did not start")
		return nil, ""
	}
}

func get(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// waitReady polls /readyz: the bot marks the socket connected a moment
// after the fake Slack sees the connection.
func waitReady(t *testing.T, base string) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		code, body := get(t, base+"/readyz")
		if code == http.StatusOK {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz still %d: %s", code, body)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestHTTPServerEndToEnd(t *testing.T) {
	h, base := startHTTPHarness(t)

	if code, body := get(t, base+"/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	if body := waitReady(t, base); body != "socket: ok\ndatabase: ok\nzoom_token: ok\n" {
		t.Errorf("/readyz body %q", body)
	}

	// Commands of three kinds and outcomes, a button click, a reconnect.
	// One per-second 429 first: the client waits (Retry-After: 1) and retries.
	h.zoom.FailNext("POST /users/{userId}/meetings", 1, http.StatusTooManyRequests, 429, "You have reached the maximum per-second rate limit for this API.")
	sched := h.command("UANA", "schedule tomorrow 3pm metrics review")
	post := h.waitMessage("the channel message", func(m slacktest.Message) bool {
		return isChannelPost(m) && strings.Contains(m.Text, "metrics review")
	})
	// A redelivery is logged with who sent it and what it asked for.
	again, err := h.slack.Redeliver(h.ctx(), sched.Delivery, "timeout")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.slack.WaitAck(h.ctx(), again.EnvelopeID); err != nil {
		t.Fatal(err)
	}
	redelivered := waitLog(t, h, "redelivered envelope ignored")
	for _, attr := range []string{"team=T", "user=UANA", "command=schedule", "request_id=cmd:"} {
		if !strings.Contains(redelivered, attr) {
			t.Errorf("log line lacks %s: %s", attr, redelivered)
		}
	}
	h.reply(h.command("UANA", "list"))
	h.reply(h.command("UANA", "cancel 12"))
	click, err := h.slack.ClickButton(h.ctx(), "UANA", post, "cancel")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.slack.WaitAck(h.ctx(), click.EnvelopeID); err != nil {
		t.Fatal(err)
	}
	h.waitMessage("the cancel confirmation", func(m slacktest.Message) bool {
		return m.User == "UANA" && strings.Contains(m.Text, "Cancelled")
	})
	h.slack.Disconnect("refresh_requested")
	for deadline := time.Now().Add(5 * time.Second); h.slack.ConnectionsOpened() < 2; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the bot did not reconnect after a disconnect")
		}
	}
	waitReady(t, base)

	t.Run("ics mounted", func(t *testing.T) {
		m := regexp.MustCompile(`https://zoombot\.example\.test(/ics/\d+\.ics\?t=[0-9a-f]+)`).FindStringSubmatch(messageText(post))
		if m == nil {
			t.Fatalf("no .ics link in the channel message: %s", messageText(post))
		}
		code, body := get(t, base+m[1])
		if code != 200 || !strings.Contains(body, "BEGIN:VCALENDAR") {
			t.Errorf("GET %s: %d %.80q", m[1], code, body)
		}
		if code, _ := get(t, base+strings.Replace(m[1], "?t=", "?t=00", 1)); code != 404 {
			t.Errorf("a forged .ics token got %d", code)
		}
	})

	t.Run("webhook mounted", func(t *testing.T) {
		body := []byte(`{"event":"endpoint.url_validation","payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"}}`)
		code, got := postWebhook(t, base, body, true)
		mac := hmac.New(sha256.New, []byte(testWebhookSecret))
		mac.Write([]byte("qgg8vlvZRS6UYooatFL8Aw"))
		if want := hex.EncodeToString(mac.Sum(nil)); code != 200 || !strings.Contains(got, want) {
			t.Errorf("url_validation: %d %s, want encryptedToken %s", code, got, want)
		}
		if code, _ := postWebhook(t, base, body, false); code != http.StatusUnauthorized {
			t.Errorf("unsigned webhook answered %d, want 401", code)
		}
	})

	t.Run("metrics", func(t *testing.T) {
		// The latency is observed after the post, the DMs and the home
		// tabs, and the command counted after that, so both may lag the
		// messages the test waited for.
		var text string
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			var code int
			if code, text = get(t, base+"/metrics"); code != 200 {
				t.Fatalf("/metrics: %d", code)
			}
			announced, _ := sample(text, "zoombot_announce_latency_seconds_count")
			scheduled, _ := sample(text, `zoombot_commands_total{kind="schedule",outcome="ok"}`)
			if announced >= 1 && scheduled >= 1 || time.Now().After(deadline) {
				break
			}
		}
		for _, f := range metrics.Families {
			if !strings.Contains(text, "# TYPE "+f+" ") {
				t.Errorf("/metrics lacks the family %s", f)
			}
		}
		for _, want := range []struct {
			series string
			min    float64
		}{
			{`zoombot_commands_total{kind="schedule",outcome="ok"}`, 1},
			{`zoombot_commands_total{kind="list",outcome="ok"}`, 1},
			{`zoombot_commands_total{kind="cancel",outcome="user_error"}`, 1},
			{`zoombot_commands_total{kind="action:cancel",outcome="ok"}`, 1},
			{`zoombot_ack_latency_seconds_count{type="slash_commands"}`, 3},
			{`zoombot_ack_latency_seconds_count{type="interactive"}`, 1},
			{`zoombot_announce_latency_seconds_count`, 1},
			{`zoombot_zoom_requests_total{endpoint="POST /users/{userId}/meetings",status="201"}`, 1},
			{`zoombot_zoom_token_fetches_total{result="ok"}`, 1},
			{`zoombot_meetings_scheduled_total`, 1},
			{`zoombot_socket_reconnects_total`, 1},
			{`zoombot_reconciliations_total{result="adopted"}`, 0},
			{`zoombot_zoom_requests_total{endpoint="POST /users/{userId}/meetings",status="429"}`, 1},
			{`zoombot_zoom_rate_limit_waits_total{category="heavy"}`, 0},
		} {
			v, ok := sample(text, want.series)
			if !ok || v < want.min {
				t.Errorf("%s = %v (present %v), want at least %v", want.series, v, ok, want.min)
			}
		}
		var waits float64
		for _, c := range []string{"light", "medium", "heavy"} {
			v, _ := sample(text, `zoombot_zoom_rate_limit_waits_total{category="`+c+`"}`)
			waits += v
		}
		if waits < 1 {
			t.Errorf("no rate-limit wait counted after a 429")
		}
	})

	t.Run("healthcheck subcommand", func(t *testing.T) {
		var out, errOut bytes.Buffer
		env := map[string]string{"ZOOMBOT_HTTP_ADDR": strings.TrimPrefix(base, "http://")}
		if err := run(context.Background(), []string{"healthcheck"}, func(k string) string { return env[k] }, nil, &out, &errOut); err != nil {
			t.Errorf("healthcheck: %v %s", err, errOut.String())
		}
		if out.String() != "ok\n" {
			t.Errorf("healthcheck printed %q", out.String())
		}
	})

}

// waitLog waits for a log line containing msg and returns it.
func waitLog(t *testing.T, h *harness, msg string) string {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		for _, line := range strings.Split(h.logs.String(), "\n") {
			if strings.Contains(line, msg) {
				return line
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no log line %q:\n%s", msg, h.logs)
		}
	}
}

// sample reads one series' value from an exposition.
func sample(text, series string) (float64, bool) {
	for _, line := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			return f, err == nil
		}
	}
	return 0, false
}

func postWebhook(t *testing.T, base string, body []byte, sign bool) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+"/zoom/webhook", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if sign {
		ts := strconv.FormatInt(e2eNow.Unix(), 10)
		mac := hmac.New(sha256.New, []byte(testWebhookSecret))
		fmt.Fprintf(mac, "v0:%s:%s", ts, body)
		req.Header.Set("x-zm-request-timestamp", ts)
		req.Header.Set("x-zm-signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestReadyzChecks drives /readyz with the checks runBot wires, against a
// bot that never connected, a closed database and a refused token.
func TestReadyzChecks(t *testing.T) {
	db, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "z.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b := bot.New(nil, nil, db, bot.Config{Logger: slog.New(slog.DiscardHandler)})
	tokenErr := errors.New("invalid_client")
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	tests := []struct {
		name     string
		closeDB  bool
		tokenErr error
		want     string
	}{
		{"before the socket connects", false, nil, "socket: not ready\ndatabase: ok\nzoom_token: ok\n"},
		{"token refused", false, tokenErr, "socket: not ready\ndatabase: ok\nzoom_token: not ready\n"},
		{"database closed", true, nil, "socket: not ready\ndatabase: not ready\nzoom_token: ok\n"},
	}
	var failToken error
	tok := tokenFunc(func(context.Context) (string, error) { return "tok", failToken })
	srv := httptest.NewServer(routes{ready: readyChecks(b, db, tok), log: log}.handler())
	defer srv.Close()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.closeDB {
				db.Close()
			}
			failToken = tt.tokenErr
			code, body := get(t, srv.URL+"/readyz")
			if code != http.StatusServiceUnavailable || body != tt.want {
				t.Errorf("/readyz: %d %q, want 503 %q", code, body, tt.want)
			}
			if code, _ := get(t, srv.URL+"/healthz"); code != 200 {
				t.Errorf("/healthz answered %d while not ready", code)
			}
		})
	}
	if n := strings.Count(logs.String(), `check=socket`); n != 1 {
		t.Errorf("the failing socket check was logged %d times, want once per change:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), "readiness: check passing again\" check=zoom_token") {
		t.Errorf("the token check's recovery was not logged:\n%s", logs.String())
	}
}

type tokenFunc func(context.Context) (string, error)

func (f tokenFunc) Token(ctx context.Context) (string, error) { return f(ctx) }
func (tokenFunc) Invalidate(string)                           {}

func TestOptionalRoutesAreOffByDefault(t *testing.T) {
	srv := httptest.NewServer(routes{metrics: metrics.New().Handler(), log: slog.New(slog.DiscardHandler)}.handler())
	defer srv.Close()
	resp, err := http.Post(srv.URL+"/zoom/webhook", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("webhook without a secret answered %d, want 404", resp.StatusCode)
	}
	if code, _ := get(t, srv.URL+"/ics/123456789.ics?t=x"); code != http.StatusNotFound {
		t.Errorf(".ics without a public URL answered %d, want 404", code)
	}
	if code, _ := get(t, srv.URL+"/metrics"); code != 200 {
		t.Errorf("/metrics answered %d", code)
	}
}

func TestHealthcheck(t *testing.T) {
	up := httptest.NewServer(routes{log: slog.New(slog.DiscardHandler), metrics: http.NotFoundHandler()}.handler())
	defer up.Close()
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusInternalServerError)
	}))
	defer down.Close()
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	closedAddr := closed.Addr().String()
	closed.Close()
	hostPort := func(s *httptest.Server) string { u, _ := url.Parse(s.URL); return u.Host }
	tests := []struct {
		name, env, flag string
		wantErr         string
		wantOut         string
	}{
		{name: "server off", wantOut: "HTTP server is off"},
		{name: "healthy", env: hostPort(up), wantOut: "ok"},
		{name: "flag wins", env: closedAddr, flag: hostPort(up), wantOut: "ok"},
		{name: "500", env: hostPort(down), wantErr: "500"},
		{name: "nothing listening", env: closedAddr, wantErr: "healthcheck"},
		{name: "bad address", env: "8080", wantErr: "ZOOMBOT_HTTP_ADDR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"healthcheck"}
			if tt.flag != "" {
				args = append(args, "-http-addr", tt.flag)
			}
			var out bytes.Buffer
			err := run(context.Background(), args, func(k string) string {
				if k == "ZOOMBOT_HTTP_ADDR" {
					return tt.env
				}
				return ""
			}, nil, &out, io.Discard)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("err %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err %v, want one about %q", err, tt.wantErr)
			}
			if !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("printed %q, want %q", out.String(), tt.wantOut)
			}
		})
	}
}

func TestHealthzURL(t *testing.T) {
	for addr, want := range map[string]string{
		":8080":          "http://127.0.0.1:8080/healthz",
		"0.0.0.0:8080":   "http://127.0.0.1:8080/healthz",
		"[::]:9090":      "http://127.0.0.1:9090/healthz",
		"10.0.0.5:8080":  "http://10.0.0.5:8080/healthz",
		"[::1]:8080":     "http://[::1]:8080/healthz",
		"localhost:8080": "http://localhost:8080/healthz",
	} {
		if got, err := healthzURL(addr); err != nil || got != want {
			t.Errorf("healthzURL(%q) = %q, %v; want %q", addr, got, err, want)
		}
	}
}

func TestHTTPConfig(t *testing.T) {
	base := map[string]string{
		"SLACK_APP_TOKEN": "xapp-1", "SLACK_BOT_TOKEN": "xoxb-1",
		"ZOOM_ACCOUNT_ID": "a", "ZOOM_CLIENT_ID": "c", "ZOOM_CLIENT_SECRET": "s",
	}
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
	}{
		{"off by default", nil, ""},
		{"all set", map[string]string{"ZOOMBOT_HTTP_ADDR": ":8080", "ZOOM_WEBHOOK_SECRET": "w", "ZOOMBOT_PUBLIC_URL": "https://z.example.com"}, ""},
		{"bad address", map[string]string{"ZOOMBOT_HTTP_ADDR": "8080"}, "ZOOMBOT_HTTP_ADDR must be"},
		{"webhook without server", map[string]string{"ZOOM_WEBHOOK_SECRET": "w"}, "ZOOM_WEBHOOK_SECRET is set but the HTTP server is off"},
		{"public URL without server", map[string]string{"ZOOMBOT_PUBLIC_URL": "https://z.example.com"}, "ZOOMBOT_PUBLIC_URL is set but"},
		{"bad public URL", map[string]string{"ZOOMBOT_HTTP_ADDR": ":8080", "ZOOMBOT_PUBLIC_URL": "z.example.com"}, "ZOOMBOT_PUBLIC_URL must be an http(s) URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseConfig("zoombot run", nil, func(k string) string {
				if v, ok := tt.env[k]; ok {
					return v
				}
				return base[k]
			}, io.Discard)
			if (err != nil) != (tt.wantErr != "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("err %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestLinkSecretIsStableAndOverridable(t *testing.T) {
	a := linkSecret(config{SlackBotToken: "xoxb-1"})
	if !bytes.Equal(a, linkSecret(config{SlackBotToken: "xoxb-1"})) {
		t.Error("the derived key changes between runs")
	}
	if bytes.Equal(a, linkSecret(config{SlackBotToken: "xoxb-2"})) || bytes.Contains(a, []byte("xoxb")) {
		t.Error("the derived key does not depend on the token, or contains it")
	}
	if got := linkSecret(config{SlackBotToken: "xoxb-1", LinkSecret: "k"}); string(got) != "k" {
		t.Errorf("ZOOMBOT_LINK_SECRET ignored: %q", got)
	}
}

// recordBearers remembers the access tokens the bot sends Zoom, so the log
// scan can look for them.
func (h *harness) recordBearers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			h.mu.Lock()
			h.zoomBearers = append(h.zoomBearers, tok)
			h.mu.Unlock()
		}
		next.ServeHTTP(w, r)
	})
}

var secretInURL = regexp.MustCompile(`(zak|pwd)=([^&\s|>"\\]+)`)

// scanLogsForSecrets fails the test if the bot's logs hold any secret of
// the run: the configured tokens and secrets, the Basic credentials and
// access tokens sent to Zoom, the meetings' passcodes and the zak and pwd
// values of the links Slack received. Every end-to-end harness runs it.
func (h *harness) scanLogsForSecrets() {
	h.t.Helper()
	secrets := map[string]string{}
	for _, k := range []string{"SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "ZOOM_CLIENT_SECRET", "ZOOM_WEBHOOK_SECRET", "ZOOMBOT_LINK_SECRET"} {
		if v := h.env[k]; v != "" {
			secrets[v] = k
		}
	}
	secrets[base64.StdEncoding.EncodeToString([]byte(h.env["ZOOM_CLIENT_ID"]+":"+h.env["ZOOM_CLIENT_SECRET"]))] = "Basic credentials"
	h.mu.Lock()
	for _, b := range h.zoomBearers {
		secrets[b] = "a Zoom access token"
	}
	h.mu.Unlock()
	for _, m := range h.zoom.Meetings() {
		if m.Password != "" {
			secrets[m.Password] = fmt.Sprintf("meeting %d's passcode", m.ID)
		}
		for _, s := range secretInURL.FindAllStringSubmatch(m.JoinURL, -1) {
			secrets[s[2]] = "a join link's pwd"
		}
	}
	for _, msg := range h.slack.Messages() {
		for _, s := range secretInURL.FindAllStringSubmatch(messageText(msg), -1) {
			secrets[s[2]] = "a link's " + s[1]
		}
	}
	for _, leak := range findSecrets(h.logs.String(), secrets) {
		h.t.Errorf("the logs hold %s", leak)
	}
}

// findSecrets returns, for each secret value found in logs, what it is and
// the line it is on.
func findSecrets(logs string, secrets map[string]string) []string {
	var found []string
	for v, what := range secrets {
		if len(v) < 4 {
			continue
		}
		if i := strings.Index(logs, v); i >= 0 {
			start := strings.LastIndex(logs[:i], "\n") + 1
			end := i + strings.IndexByte(logs[i:]+"\n", '\n')
			found = append(found, what+":\n"+logs[start:end])
		}
	}
	return found
}

// TestLogScanCatchesALeak makes sure the scan can fail: the same lines
// written without logsafe are caught, and with it they pass.
func TestLogScanCatchesALeak(t *testing.T) {
	secrets := map[string]string{"xoxb-leaky-token-1": "SLACK_BOT_TOKEN", "ZAK0123456789": "a link's zak", "k7Xq2p": "a passcode"}
	write := func(h slog.Handler) string {
		l := slog.New(h)
		l.Info("auth", "token_used", "xoxb-leaky-token-1")
		l.Error("DM failed", "err", errors.New("post <https://zoom.example.test/s/1?zak=ZAK0123456789|Start>"))
		l.Debug("zoom said", "body", `{"password":"k7Xq2p"}`)
		return ""
	}
	var raw, safe bytes.Buffer
	opts := &slog.HandlerOptions{Level: slog.LevelDebug}
	write(slog.NewTextHandler(&raw, opts))
	write(logsafe.NewHandler(slog.NewTextHandler(&safe, opts), "xoxb-leaky-token-1"))
	if got := findSecrets(raw.String(), secrets); len(got) != 3 {
		t.Errorf("the scan found %d of 3 leaks in raw logs: %q", len(got), got)
	}
	if got := findSecrets(safe.String(), secrets); len(got) != 0 {
		t.Errorf("leaks through logsafe: %q", got)
	}
}

// TestJSONLogs runs the bot with ZOOMBOT_LOG_FORMAT=json: every line is a
// JSON object, and a line about a command has its attributes as keys.
func TestJSONLogs(t *testing.T) {
	h := startHarnessEnv(t, map[string]string{"ZOOMBOT_LOG_FORMAT": "json"})
	c := h.command("UKEN", "schedule tomorrow 10am json check")
	h.waitMessage("the channel message", func(m slacktest.Message) bool {
		return isChannelPost(m) && strings.Contains(m.Text, "json check")
	})
	again, err := h.slack.Redeliver(h.ctx(), c.Delivery, "timeout")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.slack.WaitAck(h.ctx(), again.EnvelopeID); err != nil {
		t.Fatal(err)
	}
	line := waitLog(t, h, "redelivered envelope ignored")
	var rec map[string]any
	if err := json.Unmarshal([]byte(line), &rec); err != nil {
		t.Fatalf("not JSON: %v: %s", err, line)
	}
	for k, want := range map[string]string{"team": "T0001", "user": "UKEN", "command": "schedule", "request_id": "cmd:" + c.TriggerID} {
		if rec[k] != want {
			t.Errorf("%s = %v, want %s: %s", k, rec[k], want, line)
		}
	}
	for _, l := range strings.Split(strings.TrimSpace(h.logs.String()), "\n") {
		if !json.Valid([]byte(l)) {
			t.Errorf("not a JSON line: %s", l)
		}
	}
}

// TestPprofServesOnLoopback: ZOOMBOT_PPROF_ADDR turns Go's profiler on.
func TestPprofServesOnLoopback(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	startHarnessEnv(t, map[string]string{"ZOOMBOT_PPROF_ADDR": addr})
	res, err := http.Get("http://" + addr + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "goroutine profile") {
		t.Fatalf("status %d: %.200s", res.StatusCode, body)
	}
}
