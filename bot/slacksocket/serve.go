package slacksocket

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// queueSize bounds the envelopes read and acked but not yet handed on; a
// full queue stops the reader, so Slack's redelivery takes over.
const queueSize = 1024

// serve reads ws until it fails, Slack asks to reconnect, its pings stop
// or ctx ends. The reader acks; this goroutine decodes and hands on.
func (c *Client) serve(ctx context.Context, ws *websocket.Conn, handle func(*Envelope)) error {
	cn := &conn{ws: ws, onAck: c.OnAck}
	defer ws.Close()
	pings := make(chan struct{}, 1)
	ws.SetPingHandler(func(data string) error {
		select {
		case pings <- struct{}{}:
		default:
		}
		// WriteControl may run beside other writes.
		err := ws.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(10*time.Second))
		if err == websocket.ErrCloseSent {
			return nil
		}
		return err
	})
	queue := make(chan *Envelope, queueSize)
	readErr := make(chan error, 1)
	go func() { readErr <- c.read(cn, queue) }()

	watchdog := time.NewTimer(c.pingInterval())
	defer watchdog.Stop()
	for {
		select {
		case <-ctx.Done():
			ws.Close()
			c.finish(queue, readErr, handle)
			return ctx.Err()
		case err := <-readErr:
			c.drain(queue, handle)
			return err
		case <-pings:
			watchdog.Reset(c.pingInterval())
		case <-watchdog.C:
			ws.Close()
			c.finish(queue, readErr, handle)
			return fmt.Errorf("ping timeout: Slack sent no ping for %v", c.pingInterval())
		case env := <-queue:
			c.hand(env, handle)
		}
	}
}

// finish hands on the envelopes still queued while the closed connection's
// reader stops: they were acked, and Slack will not send them again.
func (c *Client) finish(queue chan *Envelope, readErr chan error, handle func(*Envelope)) {
	for {
		select {
		case env := <-queue:
			c.hand(env, handle)
		case <-readErr:
			c.drain(queue, handle)
			return
		}
	}
}

// drain hands on what is left in the queue once the reader has stopped.
func (c *Client) drain(queue chan *Envelope, handle func(*Envelope)) {
	for {
		select {
		case env := <-queue:
			c.hand(env, handle)
		default:
			return
		}
	}
}

// hand calls handle. An envelope that waits for its answer is decoded
// first; an acked one is decoded by its handler (Envelope.Decode), so that
// in a burst decoding does not compete with the reader for the CPU.
func (c *Client) hand(env *Envelope, handle func(*Envelope)) {
	if !env.acked {
		if err := env.Decode(); err != nil {
			_ = env.Ack(nil) // so Slack does not retry a frame nobody can read
		}
	}
	handle(env)
}

// read reads frames until the connection fails or Slack asks to
// reconnect. Each envelope is acked here, unless its ack carries an
// answer, and queued.
func (c *Client) read(cn *conn, queue chan<- *Envelope) error {
	for {
		_, frame, err := cn.ws.ReadMessage()
		if err != nil {
			return err
		}
		received := time.Now()
		// The frame's fields; the payload stays raw until Decode.
		req := &socketmode.Request{}
		if err := json.Unmarshal(frame, req); err != nil {
			c.state("bad_message", err.Error())
			continue
		}
		switch req.Type {
		case socketmode.RequestTypeHello:
			c.state("connected", fmt.Sprint(req.NumConnections))
			continue
		case socketmode.RequestTypeDisconnect:
			c.state("disconnect", req.Reason)
			return errDisconnect
		}
		if req.EnvelopeID == "" {
			continue
		}
		env := &Envelope{Event: socketmode.Event{Request: req}, Received: received, conn: cn}
		if c.OnRead != nil {
			c.OnRead()
		}
		if !NeedsAnswer(req.Type, req.Payload) {
			if err := env.Ack(nil); err != nil {
				// Not acked: Slack sends it again. It is handed on all the
				// same, with Err, because OnRead counted it.
				env.Err = fmt.Errorf("ack not sent: %w", err)
				queue <- env
				return err
			}
		}
		queue <- env
	}
}

// Decode turns a request into the event socketmode.Client delivers for it:
// the payload decoded into slack-go's types, the same way.
func Decode(req *socketmode.Request) (socketmode.Event, error) {
	switch req.Type {
	case socketmode.RequestTypeSlashCommands:
		var cmd slack.SlashCommand
		err := json.Unmarshal(req.Payload, &cmd)
		return socketmode.Event{Type: socketmode.EventTypeSlashCommand, Data: cmd, Request: req}, err
	case socketmode.RequestTypeInteractive:
		var cb slack.InteractionCallback
		err := json.Unmarshal(req.Payload, &cb)
		return socketmode.Event{Type: socketmode.EventTypeInteractive, Data: cb, Request: req}, err
	case socketmode.RequestTypeEventsAPI:
		ev, err := slackevents.ParseEvent(req.Payload, slackevents.OptionNoVerifyToken())
		return socketmode.Event{Type: socketmode.EventTypeEventsAPI, Data: ev, Request: req}, err
	}
	return socketmode.Event{}, fmt.Errorf("unknown envelope type %q", req.Type)
}
