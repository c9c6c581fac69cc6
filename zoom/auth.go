package zoom

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
)

// TokenSource supplies bearer tokens for the API.
type TokenSource interface {
	// Token returns a valid token, fetching or minting one if needed.
	Token(ctx context.Context) (string, error)
	// Invalidate drops token if it is the cached one, after Zoom rejected it
	// (401, code 124). A token that was already replaced is left alone.
	Invalidate(token string)
}

// Transport is an http.RoundTripper that authenticates requests with a
// bearer token from Source. When Zoom answers 401 with code 124 (invalid or
// expired token) it invalidates the token and retries once with a fresh one;
// a request with a body is retried only if it has GetBody.
// See https://developers.zoom.us/docs/api/using-zoom-apis/.
type Transport struct {
	Source TokenSource
	Base   http.RoundTripper // nil means http.DefaultTransport
}

// authError marks a failure to obtain a token: the request never left.
type authError struct{ err error }

func (e *authError) Error() string { return "zoom: getting access token: " + e.err.Error() }
func (e *authError) Unwrap() error { return e.err }

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	tok, err := t.Source.Token(req.Context())
	if err != nil {
		closeBody(req)
		return nil, &authError{err}
	}
	resp, err := base.RoundTrip(withBearer(req, tok, req.Body))
	if err != nil || resp.StatusCode != http.StatusUnauthorized || !isInvalidToken(resp) {
		return resp, err
	}
	hasBody := req.Body != nil && req.Body != http.NoBody
	if hasBody && req.GetBody == nil {
		return resp, nil // cannot resend the body: let the caller see the 401
	}
	t.Source.Invalidate(tok)
	tok, err = t.Source.Token(req.Context())
	if err != nil {
		resp.Body.Close()
		return nil, &authError{err}
	}
	body := req.Body
	if hasBody {
		if body, err = req.GetBody(); err != nil {
			resp.Body.Close()
			return nil, err
		}
	}
	resp.Body.Close()
	return base.RoundTrip(withBearer(req, tok, body))
}

// withBearer returns a copy of req carrying tok; RoundTrippers must not
// modify the caller's request.
func withBearer(req *http.Request, tok string, body io.ReadCloser) *http.Request {
	r := req.Clone(req.Context())
	r.Body = body
	r.Header.Set("Authorization", "Bearer "+tok)
	return r
}

// isInvalidToken reports whether a 401 carries Zoom's code 124. It buffers
// the body and puts it back so the caller can still read it.
func isInvalidToken(resp *http.Response) bool {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	var w struct {
		Code int `json:"code"`
	}
	return json.Unmarshal(b, &w) == nil && w.Code == 124
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}
