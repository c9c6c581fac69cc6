// Package zoom is a small typed client for the parts of Zoom's REST API v2 that
// zoombot uses: users, meetings, what Zoom keeps after a meeting (its AI
// Companion summary, who joined), and their errors and rate limits.
//
// Authentication lives in the HTTP transport (Server-to-Server OAuth or the
// legacy JWT app type), so endpoint code never sees credentials.
//
// Every call goes through one request builder and one do loop: a client-side
// limiter per Zoom rate-limit category, then the request, then one function
// that maps any status other than the route's single success status to
// *Error or *RateLimitError. GET and DELETE are retried with backoff on 5xx,
// per-second 429s and network errors. Creates and updates (PATCH) are
// retried only when Zoom surely did not see them (a 429 or a refused
// connection); any other failure wraps ErrOutcomeUnknown, because a second
// create would make a second meeting and a second update would spend the
// host's daily budget on a change that may be made already: the caller
// looks first.
//
// It must not import bot, storage, slack-go, sqlite or any *test package.
package zoom
