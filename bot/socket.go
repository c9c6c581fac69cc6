package bot

import (
	"context"
	"log/slog"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/zoombot/zoombot/bot/slacksocket"
	"github.com/zoombot/zoombot/internal/logsafe"
)

// handlerTimeout bounds the work one envelope may start after its ack.
const handlerTimeout = 2 * time.Minute

// ShutdownGrace bounds how long Run waits for in-flight work after its
// context ends.
var ShutdownGrace = 10 * time.Second

// Run serves Slack over Socket Mode until ctx ends or the connection fails
// for good (a revoked or invalid app token). sc acks every slash command,
// click and event the moment it is read (a view submission once its
// answer is known); the envelope is then recorded and handled in its own
// goroutine. When ctx ends Run stops taking envelopes and waits up to
// ShutdownGrace for the work already acked.
func (b *Bot) Run(ctx context.Context, sc *slacksocket.Client) error {
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	defer b.stopOnce.Do(func() { close(b.stopping) })
	b.heartbeat(ctx)
	if err := b.Recover(ctx); err != nil {
		return err
	}
	sc.OnState = b.socketState
	sc.OnAck = func(typ string, took time.Duration) { b.metrics.Acked(typ, took) }
	// Counted before the ack, so whoever sees an ack can wait for its work;
	// dispatch hands the count on to the work, or ends it.
	sc.OnRead = func() { b.work.Add(1); b.gate.read() }
	errc := make(chan error, 1)
	go func() { errc <- sc.Run(runCtx, func(env *slacksocket.Envelope) { b.dispatch(ctx, env) }) }()
	b.loops.Add(2) // so shutdown waits for a reminder being sent
	go func() { defer b.loops.Done(); b.RunReminders(runCtx) }()
	go func() { defer b.loops.Done(); b.runUpkeep(runCtx) }()
	defer b.releaseAll()

	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
		if err != nil {
			b.log.Error("socket mode: Slack refused the app token", "err", err)
		}
	}
	stop()
	b.stopOnce.Do(func() { close(b.stopping) })
	b.drain()
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// drain waits for acked work, up to ShutdownGrace. Retries waiting for
// Zoom stop at once (b.stopping) and are resumed at the next start.
func (b *Bot) drain() {
	done := make(chan struct{})
	go func() { b.work.Wait(); b.retries.Wait(); b.loops.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(ShutdownGrace):
		b.log.Warn("shutdown: gave up waiting for in-flight work", "grace", ShutdownGrace)
	}
}

// Connected reports whether the Socket Mode connection is up, for /readyz.
func (b *Bot) Connected() bool { return b.connected.Load() }

// Wait blocks until the work of every acked envelope has finished, except
// retries waiting for Zoom to come back (WaitRetries). Tests and the
// sandbox use it.
func (b *Bot) Wait() { b.work.Wait() }

// WaitRetries blocks until no request is waiting for Zoom to come back.
func (b *Bot) WaitRetries() { b.retries.Wait() }

// socketState follows the connection, for /readyz, logs and metrics.
func (b *Bot) socketState(state, detail string) {
	switch state {
	case "connecting":
		b.log.Debug("socket mode: connecting")
	case "connected":
		b.log.Info("socket mode: connected", "connections", detail)
		if b.everConnected.Swap(true) {
			b.metrics.Reconnected()
		}
		b.connected.Store(true)
	case "disconnect":
		b.connected.Store(false)
		b.log.Info("socket mode: Slack asked us to reconnect", "reason", detail)
	default:
		b.connected.Store(false)
		b.log.Warn("socket mode: connection problem", "state", state, "err", detail)
	}
}

// dispatch starts the work of an envelope, and answers one that is not
// acked yet (a view submission). It runs on the connection's goroutine, one
// envelope at a time, so it does no network or database work. An acked
// envelope is decoded with its work, once the burst gate lets it start.
func (b *Bot) dispatch(ctx context.Context, env *slacksocket.Envelope) {
	if env.Acked() {
		b.gate.start(func() {
			go func() {
				if handle := b.routeDecoded(ctx, env); handle != nil {
					b.runWork(ctx, env.Event, env.Received, handle)
					return
				}
				b.work.Done()
			}()
		})
		return
	}
	handle := b.routeDecoded(ctx, env) // decoded already: it waits for this answer
	if handle == nil {
		b.work.Done()
	} else {
		b.gate.start(func() { go b.runWork(ctx, env.Event, env.Received, handle) })
	}
}

// routeDecoded decodes env and routes it, acking it with the route's
// answer if it is not acked yet. It returns the work to do, or nil.
func (b *Bot) routeDecoded(ctx context.Context, env *slacksocket.Envelope) func(context.Context) {
	if err := env.Decode(); err != nil {
		b.log.Warn("socket mode: envelope dropped", "envelope_id", env.Event.Request.EnvelopeID,
			"type", env.Event.Request.Type, "err", err)
		return nil
	}
	payload, handle := b.route(ctx, env.Event)
	if !env.Acked() {
		if err := env.Ack(payload); err != nil {
			b.log.Error("ack failed", "envelope_id", env.Event.Request.EnvelopeID, "err", err)
		}
	}
	return handle
}

// route says how to answer an envelope: the ack's payload (a form's field
// errors), and the work to do after the ack (nil for none). It runs before
// the ack, so it does no network or database work. Recovery routes
// recorded envelopes through it too.
func (b *Bot) route(ctx context.Context, evt socketmode.Event) (ackPayload any, handle func(context.Context)) {
	switch d := evt.Data.(type) {
	case slack.SlashCommand:
		return nil, func(ctx context.Context) { b.serveCommand(ctx, d) }
	case slack.InteractionCallback:
		if d.Type == slack.InteractionTypeViewSubmission && d.View.CallbackID == formCallbackID {
			return b.submitForm(ctx, d)
		}
		if d.Type == slack.InteractionTypeViewSubmission && d.View.CallbackID == editCallbackID {
			return b.submitEdit(ctx, d)
		}
		if d.Type != slack.InteractionTypeBlockActions {
			b.log.DebugContext(ctx, "interaction ignored", "type", d.Type)
			return nil, nil
		}
		return nil, func(ctx context.Context) { b.serveInteraction(ctx, d) }
	case slackevents.EventsAPIEvent:
		return nil, func(ctx context.Context) { b.serveEvent(ctx, d) }
	}
	return nil, nil
}

// receivedKey carries when an envelope was read, for the end-to-end latency.
type receivedKey struct{}

// runWork records the acked envelope durably (the journal) and runs
// handle; it ends the work that OnRead counted.
func (b *Bot) runWork(ctx context.Context, evt socketmode.Event, received time.Time, handle func(context.Context)) {
	defer b.work.Done()
	hctx, cancel := detached(context.WithValue(ctx, receivedKey{}, received), handlerTimeout)
	defer cancel()
	r := envelopeRequest(evt)
	if r == nil {
		handle(hctx)
		return
	}
	if !b.recordEnvelope(hctx, evt, r) {
		return
	}
	if b.afterJournal != nil {
		b.afterJournal()
	}
	handle(context.WithValue(hctx, journaledKey{}, r.Key))
	b.completeEnvelope(hctx, r.Key, nil)
}

func (b *Bot) serveCommand(ctx context.Context, sc slack.SlashCommand) {
	in := SlashCommand{
		TeamID: sc.TeamID, ChannelID: sc.ChannelID, UserID: sc.UserID,
		Command: sc.Command, Text: sc.Text, TriggerID: sc.TriggerID, ResponseURL: sc.ResponseURL,
	}
	kind := commandKind(in.Text)
	attrs := []slog.Attr{slog.String("team", in.TeamID), slog.String("user", in.UserID),
		slog.String("channel", in.ChannelID), slog.String("command", kind), slog.String("request_id", "cmd:"+in.TriggerID)}
	// Every line logged while serving it names the command.
	ctx = logsafe.WithAttrs(ctx, attrs...)
	reply, err := b.HandleCommand(ctx, in)
	b.metrics.CommandDone(kind, outcome(err))
	if err != nil {
		reply = b.userReply(ctx, err, attrArgs(attrs)...)
	}
	b.reply(ctx, in.ResponseURL, in.ChannelID, in.UserID, reply)
}

// commandKind names a command by its verb for logs and metrics: the text
// itself would make a metric label of every phrase anyone types.
func commandKind(text string) string {
	cmd, _ := ParseCommand(text)
	return string(cmd.Verb)
}

// outcome classifies a finished command or action for metrics.
func outcome(err error) string {
	if err == nil {
		return "ok"
	}
	if _, ok := asUserError(err); ok {
		return "user_error"
	}
	return "error"
}

// withRequestAttrs returns ctx carrying a scheduling request's log
// attributes, for work on it that outlives its envelope (background retries,
// resumption at startup).
func withRequestAttrs(ctx context.Context, in scheduleInput) context.Context {
	return logsafe.WithAttrs(ctx, slog.String("team", in.TeamID), slog.String("user", in.UserID),
		slog.String("channel", in.ChannelID), slog.String("command", in.Kind), slog.String("request_id", in.Key))
}

// withChangeAttrs is withRequestAttrs for a change to a meeting.
func withChangeAttrs(ctx context.Context, in changeInput) context.Context {
	return logsafe.WithAttrs(ctx, slog.String("team", in.TeamID), slog.String("user", in.UserID),
		slog.String("channel", in.ChannelID), slog.String("command", in.Kind), slog.String("request_id", in.Key),
		slog.Int64("meeting", in.MeetingID))
}

// attrArgs turns attrs into the ...any that slog's methods take.
func attrArgs(attrs []slog.Attr) []any {
	args := make([]any, len(attrs))
	for i, a := range attrs {
		args[i] = a
	}
	return args
}
