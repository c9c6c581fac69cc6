package bot

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
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
