// Package slacktest is a fake Slack that speaks the real protocols: the Web API
// methods the bot calls and a Socket Mode websocket with hello, envelopes, acks,
// pings and disconnects. slack-go's socketmode client connects to it. Tests and
// the offline sandbox use it.
//
// It must not import bot (bot's tests import it) or testing.
package slacktest
