// Package storage keeps zoombot's own records in SQLite: the Slack user to Zoom
// user mapping, meetings and their occurrences, and the idempotency requests.
// Times are stored in UTC.
//
// It must not import bot, zoom or slack-go.
package storage
