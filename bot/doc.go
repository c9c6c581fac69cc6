// Package bot is zoombot's application layer: the /zoom command grammar, the
// scheduling logic, Block Kit rendering, and a thin Socket Mode adapter.
//
// Handlers take plain inputs (a Command, never a websocket) and return what
// the user sees separately from the error that gets logged; one function
// (Bot.userReply) turns errors into user messages.
//
// It may import zoom, storage, bot/timeparse and slack-go. It must not import
// cmd/..., and the fakes (zoom/zoomtest, bot/slacktest) only from tests.
package bot
