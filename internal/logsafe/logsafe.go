// Package logsafe keeps secrets out of zoombot's logs, and carries the
// attributes of the request being served (team, user, command, request id)
// in a context so every line logged about it names it.
//
// NewHandler wraps any slog.Handler. It rewrites every record before the
// wrapped handler sees it: the message, every attribute (groups, errors,
// Stringers and arbitrary values included) and the attributes bound with
// Logger.With. So a secret can't reach the output by any path through slog,
// whatever the call site does.
package logsafe

import (
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Redacted replaces whatever was removed.
const Redacted = "[REDACTED]"

// MinSecretLen is the shortest configured secret that is replaced verbatim:
// replacing a very short string would garble every line it occurs in, and
// real tokens and secrets are far longer.
const MinSecretLen = 6

type ctxKey struct{}

// WithAttrs returns a copy of ctx whose log lines (through a handler from
// NewHandler) carry attrs as well as those ctx already carries. A later
// attr replaces an earlier one with the same key.
func WithAttrs(ctx context.Context, attrs ...slog.Attr) context.Context {
	prev := Attrs(ctx)
	all := make([]slog.Attr, 0, len(prev)+len(attrs))
	for _, a := range prev {
		if !slices.ContainsFunc(attrs, func(b slog.Attr) bool { return b.Key == a.Key }) {
			all = append(all, a)
		}
	}
	return context.WithValue(ctx, ctxKey{}, append(all, attrs...))
}

// Attrs returns the attributes WithAttrs put in ctx.
func Attrs(ctx context.Context) []slog.Attr {
	if ctx == nil {
		return nil
	}
	a, _ := ctx.Value(ctxKey{}).([]slog.Attr)
	return a
}

// pattern is one kind of secret found by its shape.
type pattern struct {
	re   *regexp.Regexp
	repl string
	// only, if set, must accept a match for it to be replaced.
	only func(match string) bool
}

// urlStop ends a URL or a value: whitespace, quotes, Slack's <url|label>
// brackets, a backslash (an escaped quote in a logged JSON body).
const urlStop = `\s"'<>|\\`

var patterns = []pattern{
	// A start link logs in as the host: the whole URL goes, not just zak.
	{re: regexp.MustCompile(`(?i)https?://[^` + urlStop + `]*zak=[^` + urlStop + `]*`), repl: "[REDACTED start link]"},
	// Values by name, in query strings, JSON bodies and key=value text.
	{re: regexp.MustCompile(`(?i)((?:zak|pwd|passcode|password|client_secret|(?:access|refresh)_token)["']?\s*[:=]\s*["']?)[^&,;}` + urlStop + `]+`), repl: "${1}" + Redacted},
	// Slack tokens: bot, user, app-level, config and refresh tokens.
	{re: regexp.MustCompile(`\b(xox[a-z]|xapp|xoxe\.xox[a-z])-[A-Za-z0-9-]+`), repl: "${1}-" + Redacted},
	// HTTP credentials. "Basic" is also an English word ("Basic users"):
	// only base64 with a digit or a symbol in it counts.
	{re: regexp.MustCompile(`(?i)\b(bearer)(\s+)[A-Za-z0-9._~+/=-]+`), repl: "${1}${2}" + Redacted},
	{re: regexp.MustCompile(`(?i)\b(basic)(\s+)[A-Za-z0-9+/]{8,}={0,2}`), repl: "${1}${2}" + Redacted,
		only: func(m string) bool { f := strings.Fields(m); return strings.ContainsAny(f[len(f)-1], "0123456789+/=") }},
	// JWTs: Zoom access tokens and JWT-app tokens. '{"' base64-encodes to eyJ.
	{re: regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_=-]*){0,2}`), repl: Redacted},
}

// secretKeys are attribute key fragments whose values are always withheld.
var secretKeys = []string{"password", "passcode", "pwd", "secret", "token", "authorization", "zak", "apikey", "cookie", "credential"}

// redactor holds the configured secrets, longest first so that a secret
// containing another is replaced whole.
type redactor struct{ secrets []string }

func newRedactor(secrets []string) *redactor {
	r := &redactor{}
	add := func(s string) {
		if len(s) >= MinSecretLen && !slices.Contains(r.secrets, s) {
			r.secrets = append(r.secrets, s)
		}
	}
	for _, s := range secrets {
		add(s)
		add(url.QueryEscape(s)) // as sent in a form body
		add(base64.StdEncoding.EncodeToString([]byte(s)))
	}
	slices.SortFunc(r.secrets, func(a, b string) int { return len(b) - len(a) })
	return r
}

// String removes every secret from s.
func (r *redactor) String(s string) string {
	for _, sec := range r.secrets {
		s = strings.ReplaceAll(s, sec, Redacted)
	}
	for _, p := range patterns {
		if p.only == nil {
			s = p.re.ReplaceAllString(s, p.repl)
			continue
		}
		s = p.re.ReplaceAllStringFunc(s, func(m string) string {
			if !p.only(m) {
				return m
			}
			return p.re.ReplaceAllString(m, p.repl)
		})
	}
	return s
}

func secretKey(key string) bool {
	k := strings.ToLower(strings.NewReplacer("_", "", "-", "", ".", "").Replace(key))
	return slices.ContainsFunc(secretKeys, func(s string) bool { return strings.Contains(k, s) })
}

// Attr returns a with its value cleaned. Values of kinds that can't hold
// text (numbers, times, durations, bools) pass unchanged; anything else
// becomes its cleaned string form, because a struct or error printed by the
// wrapped handler could hold a secret in any field.
func (r *redactor) Attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	if secretKey(a.Key) && v.Kind() != slog.KindGroup {
		return slog.String(a.Key, Redacted)
	}
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, r.String(v.String()))
	case slog.KindGroup:
		g := v.Group()
		out := make([]slog.Attr, len(g))
		for i, ga := range g {
			out[i] = r.Attr(ga)
		}
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(out...)}
	case slog.KindAny:
		var s string
		switch x := v.Any().(type) {
		case nil:
			return a
		case error:
			s = x.Error()
		case fmt.Stringer:
			s = x.String()
		case []byte:
			s = string(x)
		default:
			s = fmt.Sprintf("%+v", x)
		}
		return slog.String(a.Key, r.String(s))
	default:
		return slog.Attr{Key: a.Key, Value: v}
	}
}

// NewHandler returns a handler that cleans every record and then passes it
// to next. secrets are the configured secret values (tokens, client
// secrets, signing keys); they are removed verbatim, URL-escaped and
// base64-encoded, besides everything shaped like a token, a start link or a
// passcode. The attributes of the record's context (WithAttrs) are added
// unless the record or logger already has that key.
func NewHandler(next slog.Handler, secrets ...string) slog.Handler {
	return &handler{next: next, r: newRedactor(secrets)}
}

type handler struct {
	next slog.Handler
	r    *redactor
	// bound are the keys given to WithAttrs outside any group: a context
	// attr with one of these keys would repeat it.
	bound   []string
	inGroup bool
}

func (h *handler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h *handler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, h.r.String(rec.Message), rec.PC)
	var keys []string
	rec.Attrs(func(a slog.Attr) bool {
		keys = append(keys, a.Key)
		return true
	})
	for _, a := range Attrs(ctx) {
		if !slices.Contains(keys, a.Key) && !slices.Contains(h.bound, a.Key) {
			out.AddAttrs(h.r.Attr(a))
		}
	}
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.r.Attr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h *handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(attrs))
	h2 := *h
	h2.bound = slices.Clone(h.bound)
	for i, a := range attrs {
		clean[i] = h.r.Attr(a)
		if !h.inGroup {
			h2.bound = append(h2.bound, a.Key)
		}
	}
	h2.next = h.next.WithAttrs(clean)
	return &h2
}

func (h *handler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	h2 := *h
	h2.next = h.next.WithGroup(name)
	h2.inGroup = true
	return &h2
}
