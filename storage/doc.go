// Package storage keeps zoombot's own records: the Slack user to Zoom user
// mapping, meetings with their occurrences, invitees and sittings (Zoom's
// instances: attendance, recording, after-meeting posts), the idempotency
// requests with their leases, the host pool with its host holds, and the
// running replicas. It runs on SQLite (modernc.org/sqlite, no cgo; one
// process) or PostgreSQL (github.com/jackc/pgx/v5; several replicas), chosen
// by what Open is given, with one API and one contract test suite.
//
// Queries are written once, in SQL both engines accept; engine.go is the one
// seam for what differs (placeholders, unique-violation errors, the lock that
// serialises read-then-write transactions, one query). Each engine has its
// own folder of numbered migrations with the same names.
//
// Times are stored as unix seconds and come back in UTC; sub-second parts
// are dropped. SQLite's pragmas are set per connection in the DSN, and its
// write transactions are BEGIN IMMEDIATE. Start links are never stored.
//
// It must not import bot, zoom or slack-go.
package storage
