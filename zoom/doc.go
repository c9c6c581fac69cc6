// Package zoom is a small typed client for the parts of Zoom's REST API v2 that
// zoombot uses: users, meetings, and their errors and rate limits.
//
// Authentication lives in the HTTP transport (Server-to-Server OAuth or the
// legacy JWT app type), so endpoint code never sees credentials.
//
// It must not import bot, storage, slack-go, sqlite or any *test package.
package zoom
