package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zoombot/zoombot/bot"
	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

func isChannelPost(m slacktest.Message) bool {
	return m.Channel == generalID && m.Kind == slacktest.KindPost
}

func TestEndToEndScheduleInEachUsersZone(t *testing.T) {
	h := startHarness(t)
	cases := []struct {
		user, zone, topic string
	}{
		{"UANA", "America/New_York", "standup"},
		{"UKEN", "Asia/Tokyo", "tokyo standup"},
	}
	for _, c := range cases {
		h.command(c.user, "schedule tomorrow 3pm "+c.topic)
		post := h.waitMessage("the channel message for "+c.topic, func(m slacktest.Message) bool {
			return isChannelPost(m) && strings.Contains(m.Text, c.topic)
		})
		dm := h.waitMessage("the host DM", func(m slacktest.Message) bool {
			return m.DM && m.User == c.user && strings.Contains(messageText(m), c.topic)
		})

		loc, _ := time.LoadLocation(c.zone)
		nowHere := e2eNow.In(loc)
		want := time.Date(nowHere.Year(), nowHere.Month(), nowHere.Day()+1, 15, 0, 0, 0, loc)
		var found []zoomtest.Meeting
		for _, m := range h.zoom.Meetings() {
			if m.Topic == c.topic {
				found = append(found, m)
			}
		}
		if len(found) != 1 {
			t.Fatalf("%s: want exactly one Zoom meeting, got %d", c.topic, len(found))
		}
		if !found[0].StartTime.Equal(want) {
			t.Errorf("%s: Zoom meeting starts %v, want %v (tomorrow 3pm in %s)", c.topic, found[0].StartTime, want, c.zone)
		}
		if found[0].Timezone != c.zone {
			t.Errorf("%s: Zoom timezone %q, want %q", c.topic, found[0].Timezone, c.zone)
		}

		channelText := messageText(post)
		if !strings.Contains(channelText, "/j/") {
			t.Errorf("channel message lacks the join link: %s", channelText)
		}
		if strings.Contains(channelText, "zak=") || strings.Contains(channelText, "/s/") {
			t.Errorf("channel message carries the start link: %s", channelText)
		}
		if !strings.Contains(messageText(dm), "zak=") {
			t.Errorf("host DM lacks the start link: %s", messageText(dm))
		}
	}

	// Every message anyone but the host can see is free of start links.
	for _, m := range h.slack.Messages() {
		if !m.DM && strings.Contains(messageText(m), "zak=") {
			t.Errorf("a non-DM message carries a start link: %s", messageText(m))
		}
	}

	db := h.db()
	for _, user := range []string{"UANA", "UKEN"} {
		m, err := db.GetUserMapping(context.Background(), "T0001", user)
		if err != nil {
			t.Fatalf("mapping for %s: %v", user, err)
		}
		if m.ZoomUserID == "" || !strings.HasSuffix(m.ZoomEmail, "@example.com") {
			t.Errorf("mapping for %s: %+v", user, m)
		}
	}

	// The mapping and the profile are reused: no new users.info or Zoom user calls.
	usersInfo := h.slack.CountCalls("users.info")
	zoomUserCalls := h.zoomCalls("GET /users/{userId}") + h.zoomCalls("POST /users")
	h.command("UANA", "schedule fri 10am retro")
	h.waitMessage("the retro post", func(m slacktest.Message) bool { return isChannelPost(m) && strings.Contains(m.Text, "retro") })
	if got := h.slack.CountCalls("users.info"); got != usersInfo {
		t.Errorf("users.info calls went from %d to %d for a known user", usersInfo, got)
	}
	if got := h.zoomCalls("GET /users/{userId}") + h.zoomCalls("POST /users"); got != zoomUserCalls {
		t.Errorf("Zoom user calls went from %d to %d for a mapped user", zoomUserCalls, got)
	}
	if n := len(h.zoom.Users()); n != 2 {
		t.Errorf("want 2 Zoom users (ana, ken), got %d", n)
	}
}

func TestEndToEndAdoptsExistingZoomUser(t *testing.T) {
	h := startHarness(t)
	existing := h.zoom.AddUser(zoomtest.User{Email: "LI@example.com", FirstName: "Li", LastName: "Wei", Type: 2})
	// Zoom's GET misses the user once (as it does for pending users), so
	// custCreate answers 409/1005 and the bot must adopt, not duplicate.
	h.zoom.FailNext("GET /users/{userId}", 1, 404, 1001, "User does not exist: li@example.com.")
	h.command("ULI", "schedule tomorrow 9am sync")
	h.waitMessage("the sync post", func(m slacktest.Message) bool { return isChannelPost(m) && strings.Contains(m.Text, "sync") })
	if n := len(h.zoom.Users()); n != 1 {
		t.Fatalf("want the one existing Zoom user, got %d users", n)
	}
	m, err := h.db().GetUserMapping(context.Background(), "T0001", "ULI")
	if err != nil || m.ZoomUserID != existing.ID {
		t.Fatalf("mapping = %+v, %v; want Zoom user %s", m, err, existing.ID)
	}
	for _, zm := range h.zoom.Meetings() {
		if zm.HostID != existing.ID {
			t.Errorf("meeting hosted by %s, want %s", zm.HostID, existing.ID)
		}
	}
}

func TestEndToEndBadTextGetsHelpAndNoZoomCall(t *testing.T) {
	h := startHarness(t)
	for _, text := range []string{"schedule standup with the team", "schedule feb 30 3pm x", "schedule yesterday 3pm retro"} {
		c := h.command("UANA", text)
		r := h.reply(c)
		if !strings.Contains(r.Text, "/zoom schedule") {
			t.Errorf("%q: reply lacks a working example: %q", text, r.Text)
		}
		if strings.Contains(r.Text, "error ID") {
			t.Errorf("%q: a user mistake got the apology for a bug: %q", text, r.Text)
		}
	}
	if n := h.zoomCalls("POST /users/{userId}/meetings"); n != 0 {
		t.Errorf("bad text made %d Zoom create calls", n)
	}
}

func TestEndToEndChannelMentionInTopicNeverPings(t *testing.T) {
	h := startHarness(t)
	h.command("UANA", "schedule tomorrow 3pm <!channel> party <!here>")
	post := h.waitMessage("the party post", func(m slacktest.Message) bool { return isChannelPost(m) && strings.Contains(m.Text, "party") })
	for _, m := range h.slack.Messages() {
		if strings.Contains(messageText(m), "<!channel>") || strings.Contains(messageText(m), "<!here>") {
			t.Errorf("a message would ping: %s", messageText(m))
		}
	}
	if !strings.Contains(messageText(post), "&lt;!channel&gt;") {
		t.Errorf("the topic should be shown escaped: %s", messageText(post))
	}
}

func TestEndToEndListAndCancel(t *testing.T) {
	h := startHarness(t)
	h.command("UANA", "schedule tomorrow 3pm standup")
	post := h.waitMessage("the standup post", func(m slacktest.Message) bool { return isChannelPost(m) && strings.Contains(m.Text, "standup") })
	h.waitMessage("the host DM", func(m slacktest.Message) bool { return m.DM && m.User == "UANA" })
	meetings := h.zoom.Meetings()
	if len(meetings) != 1 {
		t.Fatalf("want 1 meeting, got %d", len(meetings))
	}
	id := meetings[0].ID

	shownID := bot.FormatMeetingID(id)
	list := h.reply(h.command("UANA", "list"))
	if !strings.Contains(messageText(list), shownID) {
		t.Errorf("list lacks the meeting: %s", messageText(list))
	}
	if empty := h.reply(h.command("UKEN", "list")); strings.Contains(messageText(empty), shownID) {
		t.Errorf("ken's list shows ana's meeting: %s", messageText(empty))
	}

	refused := h.reply(h.command("UKEN", "cancel "+itoa(id)))
	if !strings.Contains(refused.Text, "Only the host") {
		t.Errorf("cancel by someone else: %q", refused.Text)
	}
	if m, _ := h.zoom.Meeting(id); m.Deleted {
		t.Fatal("a non-host cancelled the meeting in Zoom")
	}

	done := h.reply(h.command("UANA", "cancel "+itoa(id)))
	if !strings.Contains(done.Text, "Cancelled") {
		t.Errorf("cancel by the host: %q", done.Text)
	}
	if m, _ := h.zoom.Meeting(id); !m.Deleted {
		t.Error("the host's cancel did not delete the meeting in Zoom")
	}
	cur, ok := h.slack.MessageAt(post.Channel, post.TS)
	if !ok || !strings.Contains(messageText(cur), "Cancelled") || strings.Contains(messageText(cur), `"Join"`) {
		t.Errorf("channel message after cancel: %s\nlogs:\n%s", messageText(cur), h.logs)
	}
	if after := h.reply(h.command("UANA", "list")); strings.Contains(messageText(after), shownID) {
		t.Errorf("list still shows the cancelled meeting: %s", messageText(after))
	}
}

func TestEndToEndReconnectsAfterDisconnect(t *testing.T) {
	h := startHarness(t)
	opened := h.slack.ConnectionsOpened()
	h.slack.Disconnect("refresh_requested")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for h.slack.ConnectionsOpened() == opened {
		if ctx.Err() != nil {
			t.Fatal("the bot did not open a new connection after disconnect")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := h.slack.WaitConnected(ctx, 1); err != nil {
		t.Fatal(err)
	}
	h.command("UANA", "schedule tomorrow 4pm after the reconnect")
	h.waitMessage("a post after reconnecting", func(m slacktest.Message) bool {
		return isChannelPost(m) && strings.Contains(m.Text, "after the reconnect")
	})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
