package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/internal/pgtest"
	"github.com/zoombot/zoombot/internal/testenv"
	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

// TestReplicaKilledMidBurstLosesNothing is issue 15's kill -9: three
// zoombot processes on one PostgreSQL database, a burst of commands acked
// while Zoom is slow, and one process killed outright. Every acked command
// still ends in exactly one meeting: the live replicas take over the dead
// one's leases once they lapse.
func TestReplicaKilledMidBurstLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs three zoombot processes")
	}
	dbURL := pgtest.NewDatabase(t)
	bin := buildZoombot(t)

	sl := slacktest.NewServer()
	sl.Start()
	t.Cleanup(sl.Close)
	sl.AddChannel(slacktest.Channel{ID: generalID, Name: "general", BotIsMember: true})
	const users, commands = 20, 60
	for i := range users {
		sl.AddUser(slacktest.User{ID: fmt.Sprintf("UK%02d", i), Name: fmt.Sprintf("user%02d", i), TZ: "America/New_York",
			TZOffset: -5 * 3600, Email: fmt.Sprintf("k%02d@example.com", i)})
	}
	zm := &zoomtest.Server{AccountID: "acct-1", ClientID: "client-1", ClientSecret: "secret-1", Latency: 150 * time.Millisecond}
	zs := httptest.NewServer(zm)
	t.Cleanup(zs.Close)

	env := []string{
		"SLACK_APP_TOKEN=xapp-test-token", "SLACK_BOT_TOKEN=xoxb-test-token", "SLACK_API_URL=" + sl.APIURL(),
		"ZOOM_ACCOUNT_ID=acct-1", "ZOOM_CLIENT_ID=client-1", "ZOOM_CLIENT_SECRET=secret-1",
		"ZOOM_API_URL=" + zs.URL + "/v2", "ZOOM_OAUTH_URL=" + zs.URL + "/oauth/token",
		"ZOOMBOT_DATABASE_URL=" + dbURL, "ZOOMBOT_LEASE_TTL=3s", "ZOOMBOT_REMINDER=0", "ZOOMBOT_LOG_LEVEL=debug",
	}
	var procs []*exec.Cmd
	logs := make([]*testenv.Buffer, 3)
	for i := range 3 {
		logs[i] = &testenv.Buffer{}
		cmd := exec.Command(bin, "run")
		cmd.Env = append(os.Environ(), env...)
		cmd.Stdout, cmd.Stderr = logs[i], logs[i]
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs = append(procs, cmd)
		t.Cleanup(func() {
			cmd.Process.Signal(syscall.SIGTERM)
			cmd.Wait()
		})
		// One at a time, so that process i holds connection i+1.
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		for sl.ConnectionsOpened() < i+1 && ctx.Err() == nil {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
		if sl.ConnectionsOpened() < i+1 {
			t.Fatalf("replica %d did not connect:\n%s", i, logs[i])
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for i := range commands {
		wg.Go(func() {
			d, err := sl.SendSlashCommand(ctx, slacktest.SlashCommand{ChannelID: generalID, UserID: fmt.Sprintf("UK%02d", i%users),
				Text: fmt.Sprintf("schedule tomorrow %dam kill-%02d", 7+i/users, i)})
			if err == nil {
				_, err = sl.WaitAck(ctx, d.EnvelopeID)
			}
			if err != nil {
				t.Errorf("command %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	// Every command is acked. Each replica records what it acked right
	// after the ack; wait for those records, then kill -9 the first replica,
	// which releases nothing. Zoom is slow, so most commands are still
	// waiting for it, or for one of the 16 scheduling slots. (A kill between
	// an ack and its record, a window of milliseconds, or a few hundred on
	// this test's loaded machine, would lose that envelope: README, Limits.)
	db, err := storage.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	for start := time.Now(); ; time.Sleep(2 * time.Millisecond) {
		reqs, err := db.RequestsInState(context.Background(), storage.RequestReceived, storage.RequestZoomPending,
			storage.RequestCreated, storage.RequestAnnounced, storage.RequestFailed)
		if err != nil {
			t.Fatal(err)
		}
		if len(reqs) >= commands {
			t.Logf("all %d acked commands recorded %v after the last ack", commands, time.Since(start).Round(time.Millisecond))
			break
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("only %d of %d acked commands recorded after 10 s", len(reqs), commands)
		}
	}
	db.Close()
	if err := procs[0].Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	procs[0].Wait()
	atKill := len(zm.Meetings())
	t.Logf("killed replica 1 with %d of %d meetings made", atKill, commands)
	if atKill >= commands {
		t.Fatal("the burst was over before the kill: the test proves nothing")
	}

	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) && len(zm.Meetings()) < commands {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // a duplicate would show up now
	perTopic := map[string]int{}
	for _, m := range zm.Meetings() {
		perTopic[m.Topic]++
	}
	for i := range commands {
		if n := perTopic[fmt.Sprintf("kill-%02d", i)]; n != 1 {
			t.Errorf("kill-%02d: %d meetings, want 1", i, n)
		}
	}
	posts := 0
	for _, m := range sl.Messages() {
		if m.Kind == slacktest.KindPost && m.Channel == generalID && m.ThreadTS == "" {
			posts++
		}
	}
	if posts != commands {
		t.Errorf("%d channel posts, want %d", posts, commands)
	}
	if t.Failed() {
		if db, err := storage.Open(context.Background(), dbURL); err == nil {
			reqs, _ := db.RequestsInState(context.Background(), storage.RequestReceived, storage.RequestZoomPending, storage.RequestCreated, storage.RequestFailed, storage.RequestAnnounced)
			for _, r := range reqs {
				t.Logf("request: %s %s %s owner %s lease %v err %q", r.Key, r.State, r.Kind, r.Owner, r.LeaseUntil, r.Error)
			}
			db.Close()
		}
		for i, l := range logs {
			t.Logf("replica %d log (last 3000 bytes):\n%s", i+1, tail(l.String(), 3000))
		}
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
