package zoom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// result is the verdict on one HTTP attempt.
type result struct {
	err         error
	retry       bool
	wait        time.Duration // least wait before retrying (from Retry-After)
	rateLimited bool
}

func final(err error) result { return result{err: err} }

// unknown marks a failed create or update that Zoom may have processed.
func unknown(err error) result {
	return result{err: fmt.Errorf("%w: %w", ErrOutcomeUnknown, err)}
}

// attempt sends req once and classifies the outcome. The retry rules live
// here: a create or update is retried only when Zoom surely did not
// process it.
func (c *Client) attempt(ctx context.Context, ep endpoint, req *http.Request, v any) result {
	if err := ctx.Err(); err != nil {
		return final(err)
	}
	if err := c.waitLimiter(ctx, ep.category); err != nil {
		return final(fmt.Errorf("zoom: %s: waiting for rate limiter: %w", ep.name(), err))
	}
	r := req.Clone(ctx)
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return final(err)
		}
		r.Body = body
	}
	start := time.Now() // latency for metrics is wall time, not the injected calendar clock
	resp, err := c.hc.Do(r)
	if c.onCall != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		c.onCall(CallInfo{Endpoint: ep.name(), Category: ep.category, Status: status, Duration: time.Since(start)})
	}
	if err != nil {
		return classifyTransportError(ctx, ep, err)
	}
	defer resp.Body.Close()
	if err := checkResponse(resp, ep, c.now()); err != nil {
		return classifyAPIError(ep, err, c.now())
	}
	if v == nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody)) // lets the connection be reused
		return result{}
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		err = fmt.Errorf("zoom: %s: decoding %d reply: %w", ep.name(), resp.StatusCode, err)
		if ep.changes {
			return unknown(err) // it was created, but we cannot say what
		}
		return final(err)
	}
	return result{}
}

func classifyTransportError(ctx context.Context, ep endpoint, err error) result {
	var ae *authError
	if errors.As(err, &ae) {
		return final(err) // no token, so nothing reached the API
	}
	sent := !isDialError(err)
	if ep.changes && sent {
		// A timeout, reset or EOF after the request left: Zoom may have
		// done it. Retrying could create a second meeting, or spend the
		// host's daily updates on a change already made.
		return unknown(err)
	}
	if ctx.Err() != nil {
		return final(err)
	}
	return result{err: err, retry: true}
}

// isDialError reports a failure to connect, when no byte of the request can
// have reached Zoom (e.g. connection refused).
func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

func classifyAPIError(ep endpoint, err error, now time.Time) result {
	var rl *RateLimitError
	if errors.As(err, &rl) {
		if rl.Kind == RateLimitDaily {
			return final(err)
		}
		// Zoom rejected the request before processing it, so even a create
		// is safe to resend.
		return result{err: err, retry: true, wait: max(rl.RetryAt.Sub(now), 0), rateLimited: true}
	}
	var e *Error
	if !errors.As(err, &e) {
		return final(err)
	}
	switch {
	case e.StatusCode >= 500 && ep.changes:
		return unknown(err)
	case e.StatusCode >= 500:
		return result{err: err, retry: true}
	case e.StatusCode < 400 && ep.changes:
		return unknown(err) // an unexpected 2xx/3xx: maybe created
	}
	return final(err)
}
