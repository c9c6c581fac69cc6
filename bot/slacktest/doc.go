// Package slacktest is a fake Slack that speaks the real protocols: the Web API
// methods the bot calls and a Socket Mode websocket with hello, envelopes, acks,
// pings and disconnects. slack-go's socketmode client connects to it. Tests and
// the offline sandbox use it.
//
// Point slack-go at it with slack.OptionAPIURL(s.APIURL()) and
// slack.OptionAppLevelToken(s.AppToken or "xapp-test-token"), set before
// socketmode.New, which copies the client. Drive users with SendSlashCommand,
// ClickButton, SubmitView and OpenHome; observe the app with Acks, Messages,
// MessageAt, Views and Calls, or block on WaitAck, WaitMessage and WaitView.
//
// The fake is strict where Slack is: tokens by type, single-use 3-second
// trigger_ids, five-use response_urls, Block Kit limits, ack deadlines and
// ack sizes. Modelling choices where Slack is silent are noted on the names
// that make them. Wire structs are its own, never slack-go's, so a wrong JSON
// tag cannot pass on both sides.
//
// It must not import bot (bot's tests import it) or testing.
package slacktest
