package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/storage"
)

// formValues builds view.state.values for a schedule form submission.
func formValues(topic, date, clock string, extra map[string]map[string]any) map[string]map[string]any {
	v := map[string]map[string]any{
		fieldTopic:    {fieldTopic: map[string]any{"type": "plain_text_input", "value": topic}},
		fieldDate:     {fieldDate: map[string]any{"type": "datepicker", "selected_date": date}},
		fieldTime:     {fieldTime: map[string]any{"type": "timepicker", "selected_time": clock}},
		fieldDuration: {fieldDuration: map[string]any{"type": "static_select", "selected_option": map[string]any{"value": "45", "text": map[string]any{"type": "plain_text", "text": "45 min"}}}},
		fieldChannel:  {fieldChannel: map[string]any{"type": "conversations_select", "selected_conversation": "C0DESIGN"}},
		fieldRepeat:   {fieldRepeat: map[string]any{"type": "static_select", "selected_option": map[string]any{"value": "none", "text": map[string]any{"type": "plain_text", "text": "Does not repeat"}}}},
	}
	for k, x := range extra {
		v[k] = x
	}
	return v
}

func (e *testEnv) openForm(user string) slacktest.View {
	e.t.Helper()
	e.command(user, testChannel, "")
	var form slacktest.View
	for _, v := range e.slack.Views() {
		if v.Kind == "open" && v.UserID == user && v.CallbackID == formCallbackID {
			form = v
		}
	}
	if form.ID == "" {
		e.t.Fatalf("/zoom did not open the form; views: %+v\nlogs:\n%s", e.slack.Views(), e.logs)
	}
	return form
}

func TestFormOpensWithDefaultsInUsersZone(t *testing.T) {
	e := newTestEnv(t)
	form := e.openForm("UKEN")
	var view struct {
		Blocks []struct {
			BlockID string `json:"block_id"`
			Element struct {
				InitialDate         string `json:"initial_date"`
				InitialTime         string `json:"initial_time"`
				Timezone            string `json:"timezone"`
				InitialConversation string `json:"initial_conversation"`
			} `json:"element"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal(form.JSON, &view); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, b := range view.Blocks {
		got[b.BlockID+".date"] = b.Element.InitialDate
		got[b.BlockID+".time"] = b.Element.InitialTime
		got[b.BlockID+".tz"] = b.Element.Timezone
		got[b.BlockID+".conv"] = b.Element.InitialConversation
	}
	// 20:00 UTC on Nov 27 is 05:00 on Nov 28 in Tokyo.
	if got["date.date"] != "2026-11-28" || got["time.time"] != "05:30" || got["time.tz"] != "Asia/Tokyo" || got["channel.conv"] != testChannel {
		t.Errorf("form defaults: %v", got)
	}
}

func TestFormInvalidSubmissionGetsFieldErrorsInTheAck(t *testing.T) {
	e := newTestEnv(t)
	form := e.openForm("UANA")
	values := formValues(strings.Repeat("x", 201), "2026-11-27", "09:00", map[string]map[string]any{
		fieldPasscode:    {fieldPasscode: map[string]any{"type": "plain_text_input", "value": "bad pass!"}},
		fieldRepeat:      {fieldRepeat: map[string]any{"type": "static_select", "selected_option": map[string]any{"value": "weekly"}}},
		fieldRepeatUntil: {fieldRepeatUntil: map[string]any{"type": "datepicker", "selected_date": "2026-11-01"}},
	})
	ack := e.settle(e.slack.SubmitView(e.ctx(), "UANA", form, values))
	if ack.ResponseAction != "errors" {
		t.Fatalf("ack = %s, want response_action errors", ack.Payload)
	}
	var p struct {
		Errors map[string]string `json:"errors"`
	}
	if err := json.Unmarshal(ack.Payload, &p); err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{fieldTopic, fieldTime, fieldPasscode, fieldRepeatUntil} {
		if p.Errors[field] == "" {
			t.Errorf("no error on %s; errors: %v", field, p.Errors)
		}
	}
	if n := len(e.zoom.Calls()); n != 0 {
		t.Errorf("an invalid form made %d Zoom calls", n)
	}
}

func TestFormValidSubmissionSchedulesWithInviteesAndSettings(t *testing.T) {
	e := newTestEnv(t)
	form := e.openForm("UANA")
	values := formValues("Design review", "2026-11-30", "14:30", map[string]map[string]any{
		fieldPasscode: {fieldPasscode: map[string]any{"type": "plain_text_input", "value": "rev-42"}},
		fieldOptions:  {fieldOptions: map[string]any{"type": "checkboxes", "selected_options": []any{map[string]any{"value": optWaitingRoom}}}},
		fieldInvitees: {fieldInvitees: map[string]any{"type": "multi_users_select", "selected_users": []any{"UKEN", "ULI"}}},
	})
	ack := e.settle(e.slack.SubmitView(e.ctx(), "UANA", form, values))
	if ack.ResponseAction != "" {
		t.Fatalf("a valid form got %s", ack.Payload)
	}
	zms := e.zoom.Meetings()
	if len(zms) != 1 {
		t.Fatalf("want 1 Zoom meeting, got %d", len(zms))
	}
	zm := zms[0]
	ny, _ := time.LoadLocation("America/New_York")
	if want := time.Date(2026, 11, 30, 14, 30, 0, 0, ny); !zm.StartTime.Equal(want) || zm.Duration != 45 || zm.Password != "rev-42" {
		t.Errorf("Zoom meeting: start %v duration %d passcode %q", zm.StartTime, zm.Duration, zm.Password)
	}
	post := e.one("post in #design", and(postIn("C0DESIGN"), contains("Design review")))
	if strings.Contains(text(post), "zak=") {
		t.Error("channel post carries the start link")
	}
	e.one("host DM with the start link", and(dmTo("UANA"), contains("zak=")))
	for _, invitee := range []string{"UKEN", "ULI"} {
		dm := e.one("invite DM", and(dmTo(invitee), contains("Design review")))
		if strings.Contains(text(dm), "zak=") || strings.Contains(text(dm), "/s/") {
			t.Errorf("invitee %s got the start link: %s", invitee, text(dm))
		}
		if !strings.Contains(text(dm), "/j/") {
			t.Errorf("invitee %s lacks the join link", invitee)
		}
	}
	// The redelivered submission does nothing twice.
	m, err := e.db.GetMeeting(e.ctx(), zm.ID)
	if err != nil || len(m.Invitees) != 2 {
		t.Fatalf("stored meeting: %+v %v", m, err)
	}
}

func TestStartButtonGivesOnlyTheHostAFreshLink(t *testing.T) {
	e := newTestEnv(t)
	e.command("UANA", testChannel, "schedule tomorrow 3pm standup")
	post := e.one("the post", postIn(testChannel))
	dm := e.one("host DM", dmTo("UANA"))

	e.settle(e.slack.ClickButton(e.ctx(), "UKEN", post, actionStart))
	refused := e.one("refusal", privateTo("UKEN"))
	if !strings.Contains(refused.Text, "Only the host") || strings.Contains(text(refused), "zak=") {
		t.Errorf("non-host Start: %s", text(refused))
	}

	e.settle(e.slack.ClickButton(e.ctx(), "UANA", post, actionStart))
	got := e.one("the host's start link", privateTo("UANA"))
	if !strings.Contains(got.Text, "zak=") {
		t.Fatalf("host Start: %s", got.Text)
	}
	if startLink(got.Text) == startLink(text(dm)) {
		t.Error("Start returned the old link; it must ask Zoom for a fresh one")
	}
	if got.ResponseType == "in_channel" {
		t.Error("the start link was posted in the channel")
	}
}

func startLink(s string) string {
	i := strings.Index(s, "zak=")
	if i < 0 {
		return ""
	}
	end := strings.IndexAny(s[i:], "|>\" ")
	if end < 0 {
		return s[i:]
	}
	return s[i : i+end]
}

func TestCancelButtonHasConfirmAndOnlyTheHostMayUseIt(t *testing.T) {
	e := newTestEnv(t)
	e.command("UANA", testChannel, "schedule tomorrow 3pm standup")
	post := e.one("the post", postIn(testChannel))
	if !strings.Contains(string(post.Blocks), `"confirm"`) {
		t.Error("the Cancel button has no confirm dialog")
	}
	id := e.zoom.Meetings()[0].ID

	e.settle(e.slack.ClickButton(e.ctx(), "UKEN", post, actionCancel))
	if m, _ := e.zoom.Meeting(id); m.Deleted {
		t.Fatal("a non-host cancelled the meeting")
	}
	e.one("refusal", and(privateTo("UKEN"), contains("Only the host")))

	e.settle(e.slack.ClickButton(e.ctx(), "UANA", post, actionCancel))
	if m, _ := e.zoom.Meeting(id); !m.Deleted {
		t.Fatal("the host's Cancel did not delete the meeting in Zoom")
	}
	cur, _ := e.slack.MessageAt(post.Channel, post.TS)
	if !strings.Contains(text(cur), `Cancelled by \u003c@UANA\u003e`) || strings.Contains(text(cur), `"action_id":"join"`) {
		t.Errorf("message after cancel: %s", text(cur))
	}
	stored, _ := e.db.GetMeeting(e.ctx(), id)
	if stored.Status != storage.StatusCancelled || stored.CancelledBy != "UANA" {
		t.Errorf("stored: %s by %q", stored.Status, stored.CancelledBy)
	}
}

func TestMentionsInACommandInviteByDM(t *testing.T) {
	e := newTestEnv(t)
	e.command("UANA", testChannel, "schedule tomorrow 3pm design review with <@UKEN|ken> <@ULI>")
	zm := e.zoom.Meetings()
	if len(zm) != 1 || zm[0].Topic != "design review" {
		t.Fatalf("Zoom meetings: %+v", zm)
	}
	for _, u := range []string{"UKEN", "ULI"} {
		dm := e.one("invite DM", dmTo(u))
		if strings.Contains(text(dm), "zak=") {
			t.Errorf("%s got the start link", u)
		}
	}
}

func TestAppHomeIsPublishedAndRefreshed(t *testing.T) {
	e := newTestEnv(t)
	e.settle(e.slack.OpenHome(e.ctx(), "UANA"))
	home, ok := e.slack.HomeView("UANA")
	if !ok || !strings.Contains(string(home.JSON), "Nothing coming up") || !strings.Contains(string(home.JSON), actionHomeSchedule) {
		t.Fatalf("empty home: %s", home.JSON)
	}
	e.command("UANA", testChannel, "schedule tomorrow 3pm standup with <@UKEN>")
	home, _ = e.slack.HomeView("UANA")
	if !strings.Contains(string(home.JSON), "standup") || !strings.Contains(string(home.JSON), `"action_id":"start"`) {
		t.Errorf("home after scheduling: %s", home.JSON)
	}
	guest, ok := e.slack.HomeView("UKEN")
	if !ok || !strings.Contains(string(guest.JSON), "Invited by") || strings.Contains(string(guest.JSON), `"action_id":"start"`) {
		t.Errorf("invitee's home: %s", guest.JSON)
	}

	// Schedule from Home: the button opens the form.
	e.settle(e.slack.ClickViewButton(e.ctx(), "UANA", home, actionHomeSchedule))
	opened := false
	for _, v := range e.slack.Views() {
		opened = opened || (v.Kind == "open" && v.CallbackID == formCallbackID)
	}
	if !opened {
		t.Error("Home's Schedule button did not open the form")
	}

	id := e.zoom.Meetings()[0].ID
	e.command("UANA", testChannel, "cancel "+FormatMeetingID(id))
	home, _ = e.slack.HomeView("UANA")
	if strings.Contains(string(home.JSON), fmt.Sprintf(`"m%d"`, id)) {
		t.Errorf("home still shows the cancelled meeting: %s", home.JSON)
	}
}

func TestReminderIsSentOnceAcrossRestarts(t *testing.T) {
	e := newTestEnv(t)
	e.command("UANA", testChannel, "schedule in 30 minutes standup")
	e.command("UANA", testChannel, "schedule in 5 minutes already close for 15m") // due at once
	post := e.one("the post", and(postIn(testChannel), contains("standup")))

	reminders := func() []slacktest.Message {
		return e.find(func(m slacktest.Message) bool { return m.ThreadTS != "" && strings.Contains(m.Text, "starts in") })
	}
	if err := e.bot.SendDueReminders(e.ctx()); err != nil {
		t.Fatal(err)
	}
	if got := reminders(); len(got) != 1 || !strings.Contains(got[0].Text, "already close") {
		t.Fatalf("at once: %s", dump(got))
	}
	e.clock.Advance(21 * time.Minute) // standup starts in 9 minutes
	for i := 0; i < 3; i++ {
		e.stop()
		e.start() // a restart must not send it again
		if err := e.bot.SendDueReminders(e.ctx()); err != nil {
			t.Fatal(err)
		}
	}
	got := reminders()
	if len(got) != 2 {
		t.Fatalf("want 2 reminders in all, got %s", dump(got))
	}
	r := got[1]
	if r.ThreadTS != post.TS || r.Channel != testChannel || !strings.Contains(r.Text, "starts in 9 minutes") || !strings.Contains(text(r), "/j/") {
		t.Errorf("reminder: %s in %s thread %s", text(r), r.Channel, r.ThreadTS)
	}
}

func TestLateReminderIsSkipped(t *testing.T) {
	e := newTestEnv(t)
	e.command("UANA", testChannel, "schedule in 20 minutes standup")
	e.clock.Advance(25 * time.Minute) // the bot was down through the reminder and the start
	if err := e.bot.SendDueReminders(e.ctx()); err != nil {
		t.Fatal(err)
	}
	if got := e.find(func(m slacktest.Message) bool { return m.ThreadTS != "" }); len(got) != 0 {
		t.Errorf("a late reminder was sent: %s", dump(got))
	}
}

func TestWeeklySeriesAndCancellingOneOccurrence(t *testing.T) {
	e := newTestEnv(t)
	e.command("UANA", testChannel, "schedule every monday 10am standup")
	zms := e.zoom.Meetings()
	if len(zms) != 1 {
		t.Fatalf("want one series, got %d meetings\nlogs:\n%s", len(zms), e.logs)
	}
	zm := zms[0]
	if zm.Type != 8 || zm.Recurrence == nil || zm.Recurrence.Type != 2 || zm.Recurrence.WeeklyDays != "2" {
		t.Fatalf("Zoom series: type %d recurrence %+v", zm.Type, zm.Recurrence)
	}
	post := e.one("the post", postIn(testChannel))
	if !strings.Contains(post.Text+string(post.Blocks), "every Monday") {
		t.Errorf("the post does not say the rule: %s", text(post))
	}
	m, err := e.db.GetMeeting(e.ctx(), zm.ID)
	if err != nil || len(m.Occurrences) < 2 {
		t.Fatalf("stored occurrences: %v %v", m, err)
	}
	ny, _ := time.LoadLocation("America/New_York")
	first := m.Occurrences[0].Start.In(ny)
	if first.Weekday() != time.Monday || first.Hour() != 10 || first.Format("2006-01-02") != "2026-11-30" {
		t.Errorf("first occurrence %v", first)
	}

	e.command("UANA", testChannel, "cancel "+FormatMeetingID(zm.ID)+" --occurrence 2026-11-30")
	reply := e.one("the reply", and(privateTo("UANA"), contains("2026-11-30")))
	if !strings.Contains(reply.Text, "rest of the series") {
		t.Errorf("reply: %s", reply.Text)
	}
	after, _ := e.zoom.Meeting(zm.ID)
	if after.Deleted {
		t.Fatal("cancelling one occurrence deleted the series")
	}
	deleted := 0
	for _, o := range after.Occurrences {
		if o.Status == "deleted" {
			deleted++
		}
	}
	if deleted != 1 {
		t.Errorf("Zoom occurrences deleted: %d, want 1 (%+v)", deleted, after.Occurrences)
	}
	e.command("UANA", testChannel, "list")
	list := e.find(and(privateTo("UANA"), contains("Your upcoming")))
	if len(list) != 1 || !strings.Contains(text(list[0]), "Dec 7 2026") {
		t.Errorf("list should show the next occurrence, Dec 7: %s", dump(list))
	}
}

func TestRedeliveredEventIsHandledOnce(t *testing.T) {
	e := newTestEnv(t)
	d, err := e.slack.OpenHome(e.ctx(), "UANA")
	e.settle(d, err)
	e.settle(e.slack.Redeliver(e.ctx(), d, "timeout"))
	if n := e.slack.CountCalls("views.publish"); n != 1 {
		t.Fatalf("views.publish called %d times for one event delivered twice", n)
	}
}

func TestPrivateChannelWithoutTheBotFallsBackToResponseURL(t *testing.T) {
	e := newTestEnv(t, func(e *testEnv) {
		e.slack.AddChannel(slacktest.Channel{ID: "G0SECRET", Name: "secret", IsPrivate: true, BotIsMember: false})
	})
	e.command("UANA", "G0SECRET", "schedule tomorrow 3pm secret sync")
	posted := e.one("the meeting, posted through response_url", func(m slacktest.Message) bool {
		return m.Kind == slacktest.KindResponseURL && m.ResponseType == "in_channel" && strings.Contains(m.Text, "secret sync")
	})
	if strings.Contains(text(posted), "zak=") {
		t.Error("the in-channel fallback carries the start link")
	}
	e.one("how to invite the bot", and(privateTo("UANA"), contains("/invite")))
	e.one("the host DM", and(dmTo("UANA"), contains("zak=")))
}

func TestParseErrorOffersAPrefilledForm(t *testing.T) {
	e := newTestEnv(t)
	e.command("UANA", testChannel, "schedule dec 3 planning")
	reply := e.one("the advice", privateTo("UANA"))
	if !strings.Contains(string(reply.Blocks), actionOpenForm) {
		t.Fatalf("no Use the form button: %s", text(reply))
	}
	e.settle(e.slack.ClickButton(e.ctx(), "UANA", reply, actionOpenForm))
	var form slacktest.View
	for _, v := range e.slack.Views() {
		if v.CallbackID == formCallbackID {
			form = v
		}
	}
	if !strings.Contains(string(form.JSON), `"initial_value":"planning"`) || !strings.Contains(string(form.JSON), `"initial_date":"2026-12-03"`) {
		t.Errorf("the form is not pre-filled with the topic and date: %s", form.JSON)
	}
}

// Slack refuses a message or view over its Block Kit limits (the fake checks
// them); the fullest list and App Home must still get through.
func TestFullListAndHomeStayWithinSlackLimits(t *testing.T) {
	e := newTestEnv(t)
	long := strings.Repeat("roadmap planning & <review> ", 6) // ~180 characters, with escapes
	e.sendAll(homeLimit+2, func(i int) (string, string) {
		return "UANA", fmt.Sprintf("schedule in %d hours %s %02d for 30m", 2+i, long, i)
	})
	e.command("UANA", testChannel, "list")
	list := e.one("the list", and(privateTo("UANA"), contains("Your upcoming meetings")))
	if n := strings.Count(string(list.Blocks), `"type":"section"`); n != listLimit+1 {
		t.Errorf("list has %d sections, want %d", n, listLimit+1)
	}
	home, ok := e.slack.HomeView("UANA")
	if !ok || strings.Count(string(home.JSON), `"action_id":"start"`) != homeLimit {
		t.Errorf("home should show %d meetings", homeLimit)
	}
	if warn := grepLines(e.logs.String(), "level=WARN", "level=ERROR"); warn != "" {
		t.Errorf("Slack refused something:\n%s", warn)
	}
}
