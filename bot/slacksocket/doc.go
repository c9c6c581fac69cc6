// Package slacksocket is zoombot's Socket Mode connection to Slack. It
// reads Slack's envelopes, acks each one the moment its frame is read, and
// then hands it on decoded into slack-go's types, as slack-go's socketmode
// client would deliver it.
//
// Why not socketmode.Client: before it acks, an envelope passes four
// goroutine hand-offs and a full typed decode, and the acks of a burst then
// queue behind the handlers of the envelopes before them (issue 16: 100
// envelopes at once took 6 to 14 ms to ack, against 0.5 ms for a reader
// that only acks). Here the reader writes the ack itself. Only envelopes
// whose ack carries an answer (a view submission's field errors) wait for
// the handler.
//
// It keeps slack-go's behaviour: apps.connections.open through slack-go's
// client with the app-level token; reconnects with backoff, at once on a
// "disconnect" envelope and when Slack's pings stop; pongs to every ping;
// fatal auth errors (invalid_auth, not_authed, account_inactive,
// token_revoked) end Run; retry_attempt and retry_reason are passed on.
// The tests check it against bot/slacktest, which slack-go's own client is
// tested against.
//
// It must not import any other package of this module.
package slacksocket
