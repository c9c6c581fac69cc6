// Package storage keeps zoombot's own records in SQLite (modernc.org/sqlite,
// no cgo): the Slack user to Zoom user mapping, meetings with their
// occurrences and invitees, the idempotency requests, and the host pool
// with its host holds.
//
// Times are stored as INTEGER unix seconds and come back in UTC; sub-second
// parts are dropped. The schema lives in embedded, numbered migrations that
// Open applies. Pragmas are set per connection in the DSN, and write
// transactions are BEGIN IMMEDIATE. Start links are never stored.
//
// It must not import bot, zoom or slack-go.
package storage
