package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"github.com/zoombot/zoombot/bot/slacktest"
)

// The floor is what acking costs with no bot behind it: a bare Socket Mode
// reader that opens a connection, reads each frame, takes out its
// envelope_id and writes the ack, nothing else. Run on the same fake and
// the same machine as zoombot, it shows how much of an ack's latency is
// zoombot's own.

// floorBurst sends n slash commands at once to a bare reader on a fake of
// its own, and returns the ack latencies the fake measured.
func floorBurst(ctx context.Context, n int) (latency, error) {
	sl := &slacktest.Server{AppToken: appToken, BotToken: botToken, TeamID: teamID}
	sl.Start()
	defer sl.Close()
	sl.AddChannel(slacktest.Channel{ID: "CFLOOR", Name: "floor", BotIsMember: true})
	sl.AddUser(slacktest.User{ID: "UFLOOR", Name: "floor", TZ: "UTC"})
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	conn, err := dialSocket(ctx, sl.APIURL())
	if err != nil {
		return latency{}, err
	}
	defer conn.Close()
	go bareAcker(conn)
	if err := sl.WaitConnected(ctx, 1); err != nil {
		return latency{}, err
	}
	cmds := make([]slacktest.SlashCommand, n)
	for i := range cmds {
		cmds[i] = slacktest.SlashCommand{ChannelID: "CFLOOR", UserID: "UFLOOR", Text: fmt.Sprintf("floor %d", i)}
	}
	ds, err := sl.SendSlashCommands(ctx, cmds)
	if err != nil {
		return latency{}, err
	}
	var lat []time.Duration
	for _, d := range ds {
		a, err := sl.WaitAck(ctx, d.EnvelopeID)
		if err != nil {
			return latency{}, err
		}
		lat = append(lat, a.Latency)
	}
	return dist(lat), nil
}

// dialSocket does what a Socket Mode client does to connect:
// apps.connections.open with the app-level token, then a websocket dial.
func dialSocket(ctx context.Context, apiURL string) (*websocket.Conn, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, apiURL+"apps.connections.open", strings.NewReader(url.Values{}.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+appToken)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	var open struct {
		OK    bool   `json:"ok"`
		URL   string `json:"url"`
		Error string `json:"error"`
	}
	if err := json.NewDecoder(res.Body).Decode(&open); err != nil || !open.OK {
		return nil, fmt.Errorf("apps.connections.open: %v %s", err, open.Error)
	}
	conn, _, err := websocket.DefaultDialer.DialContext(ctx, open.URL, nil)
	return conn, err
}

// bareAcker acks every envelope the moment its frame is read.
func bareAcker(conn *websocket.Conn) {
	for {
		_, frame, err := conn.ReadMessage()
		if err != nil {
			return
		}
		var env struct {
			EnvelopeID string `json:"envelope_id"`
		}
		if json.Unmarshal(frame, &env) != nil || env.EnvelopeID == "" {
			continue // hello, disconnect
		}
		if err := conn.WriteJSON(map[string]string{"envelope_id": env.EnvelopeID}); err != nil {
			return
		}
	}
}
