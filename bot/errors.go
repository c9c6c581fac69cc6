package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"

	"github.com/slack-go/slack"
)

// Error is a failure the user can act on. Its Message is shown as is
// (ephemerally), so it says what was wrong and gives an example that works.
type Error struct {
	Code    string // short, stable, for logs and tests: "bad_time", "not_host", …
	Message string // mrkdwn shown to the user
	// OfferForm marks errors after which the "Use the form" button helps;
	// Prefill is what the form then starts with.
	OfferForm bool
	Prefill   formPrefill
	// Err is the underlying cause, logged but never shown.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Code + ": " + e.Err.Error()
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

func userErr(code, format string, a ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, a...)}
}

// asUserError reports whether err is (or wraps) an *Error.
func asUserError(err error) (*Error, bool) {
	var ue *Error
	ok := errors.As(err, &ue)
	return ue, ok
}

// newErrorID returns a short random id that ties the apology a user sees to
// the log line an admin searches for.
func newErrorID() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// userReply renders a handler's error for the user. Known failures become
// their own message; anything else is logged once with an error id that the
// user's apology repeats.
func (b *Bot) userReply(ctx context.Context, err error, attrs ...any) Reply {
	if ue, ok := asUserError(err); ok {
		if ue.Err != nil {
			b.log.InfoContext(ctx, "user-facing error", append(attrs, "code", ue.Code, "err", ue.Err)...)
		}
		r := Reply{Text: ue.Message}
		if ue.OfferForm {
			r.Blocks = []slack.Block{slack.NewSectionBlock(mrkdwn(ue.Message), nil, nil), useFormButton(ue.Prefill)}
		}
		return r
	}
	id := newErrorID()
	b.log.ErrorContext(ctx, "command failed", append(attrs, slog.String("error_id", id), slog.Any("err", err))...)
	return Reply{Text: fmt.Sprintf(":warning: Sorry, something went wrong on my side (error ID `%s`). Please try again in a minute; if it keeps happening, give your admin that ID.", id)}
}
