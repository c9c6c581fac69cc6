package bot

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

// editForm returns the edit form opened for user.
func (e *testEnv) editForm(user string) slacktest.View {
	e.t.Helper()
	var form slacktest.View
	for _, v := range e.slack.Views() {
		if v.Kind == "open" && v.UserID == user && v.CallbackID == editCallbackID {
			form = v
		}
	}
	if form.ID == "" {
		e.t.Fatalf("no edit form for %s; views: %+v\n%s", user, e.slack.Views(), dump(e.slack.Messages()))
	}
	return form
}

// filled is a view's state as Slack sends it when the user changed only
// the fields in change (by block id; values as in formValues).
func filled(t *testing.T, form slacktest.View, change map[string]map[string]any) map[string]map[string]any {
	t.Helper()
	var v struct {
		Blocks []struct {
			BlockID string         `json:"block_id"`
			Element map[string]any `json:"element"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal(form.JSON, &v); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]any{}
	for _, b := range v.Blocks {
		el, id := b.Element, b.BlockID
		state := map[string]any{"type": el["type"]}
		switch el["type"] {
		case "plain_text_input":
			state["value"] = el["initial_value"]
		case "datepicker":
			state["selected_date"] = el["initial_date"]
		case "timepicker":
			state["selected_time"] = el["initial_time"]
		case "static_select", "radio_buttons":
			state["selected_option"] = el["initial_option"]
		case "checkboxes":
			state["selected_options"] = el["initial_options"]
		case "multi_users_select":
			state["selected_users"] = el["initial_users"]
		}
		out[id] = map[string]any{id: state}
	}
	for k, x := range change {
		out[k] = x
	}
	return out
}

func TestEditFormChangesOnlyWhatChanged(t *testing.T) {
	e := newTestEnv(t)
	zm, post := e.scheduleAs("UANA", "schedule tomorrow 3pm standup with <@UKEN>")
	e.settle(e.slack.ClickButton(e.ctx(), "UANA", post, actionEdit))
	form := e.editForm("UANA")
	for _, want := range []string{`"text":"Edit meeting"`, `"initial_value":"standup"`, `"initial_date":"2026-11-28"`, `"initial_time":"15:00"`,
		`"initial_value":"` + zm.Password + `"`, `"initial_users":["UKEN"]`, `"value":"join_before_host"`} {
		if !strings.Contains(string(form.JSON), want) {
			t.Errorf("edit form lacks %s: %s", want, form.JSON)
		}
	}
	if strings.Contains(string(form.JSON), `"block_id":"channel"`) || strings.Contains(string(form.JSON), `"block_id":"repeat"`) {
		t.Errorf("edit form offers channel or repeat: %s", form.JSON)
	}
	values := filled(t, form, map[string]map[string]any{
		fieldTopic:    {fieldTopic: map[string]any{"type": "plain_text_input", "value": "Standup <!here>"}},
		fieldTime:     {fieldTime: map[string]any{"type": "timepicker", "selected_time": "16:30"}},
		fieldInvitees: {fieldInvitees: map[string]any{"type": "multi_users_select", "selected_users": []any{"ULI"}}},
	})
	ack := e.settle(e.slack.SubmitView(e.ctx(), "UANA", form, values))
	if ack.ResponseAction != "" {
		t.Fatalf("ack %s", ack.Payload)
	}
	var patches []map[string]any
	for _, c := range e.zoom.Calls() {
		if c.Route == zoomtest.RouteUpdateMeeting {
			var body map[string]any
			_ = json.Unmarshal(c.Body, &body)
			patches = append(patches, body)
		}
	}
	want := map[string]any{"topic": "Standup <!here>", "start_time": "2026-11-28T21:30:00Z"}
	if len(patches) != 1 || !reflect.DeepEqual(patches[0], want) {
		t.Fatalf("PATCHes: %v, want one with only %v", patches, want)
	}
	got, _ := e.zoom.Meeting(zm.ID)
	if got.Topic != "Standup <!here>" || !got.StartTime.Equal(time.Date(2026, 11, 28, 16, 30, 0, 0, newYork)) || got.Password != zm.Password {
		t.Errorf("Zoom after the edit: %+v", got)
	}
	cur := e.current(post)
	if !strings.Contains(cur, "Standup \\u0026lt;!here\\u0026gt;") || strings.Contains(cur, "<!here>") || !strings.Contains(cur, "Moved from") {
		t.Errorf("post after the edit: %s", cur)
	}
	e.one("the uninvited's note", and(dmTo("UKEN"), contains("took you off")))
	e.one("the new invitee's invitation", and(dmTo("ULI"), contains("invited you")))
	e.one("the answer", and(privateTo("UANA"), contains("Moved *Standup")))
	if home, _ := e.slack.HomeView("UKEN"); strings.Contains(string(home.JSON), "Standup") {
		t.Errorf("the uninvited still sees it in App Home: %s", home.JSON)
	}
}

func TestEditFormFieldErrors(t *testing.T) {
	e := newTestEnv(t)
	e.scheduleAs("UANA", "schedule every monday 10am standup")
	e.command("UANA", testChannel, "edit standup --occurrence 2026-12-07")
	form := e.editForm("UANA")
	if !strings.Contains(string(form.JSON), `"initial_date":"2026-12-07"`) || !strings.Contains(string(form.JSON), "This meeting only") {
		t.Fatalf("series edit form: %s", form.JSON)
	}
	values := filled(t, form, map[string]map[string]any{
		fieldTopic:    {fieldTopic: map[string]any{"type": "plain_text_input", "value": "renamed"}},
		fieldPasscode: {fieldPasscode: map[string]any{"type": "plain_text_input", "value": "bad pass!"}},
		fieldDate:     {fieldDate: map[string]any{"type": "datepicker", "selected_date": "2026-11-01"}},
	})
	ack := e.settle(e.slack.SubmitView(e.ctx(), "UANA", form, values))
	var p struct {
		Errors map[string]string `json:"errors"`
	}
	_ = json.Unmarshal(ack.Payload, &p)
	if ack.ResponseAction != "errors" || !strings.Contains(p.Errors[fieldTopic], "whole series") || p.Errors[fieldPasscode] == "" ||
		!strings.Contains(p.Errors[fieldTime], "passed") {
		t.Fatalf("ack %s", ack.Payload)
	}
	if n := e.zoomCalls(zoomtest.RouteUpdateMeeting); n != 0 {
		t.Errorf("%d PATCHes for a refused form", n)
	}
}

func TestEditFromAppHomeAndNothingChanged(t *testing.T) {
	e := newTestEnv(t)
	e.scheduleAs("UANA", "schedule tomorrow 3pm standup")
	home, _ := e.slack.HomeView("UANA")
	e.settle(e.slack.ClickViewButton(e.ctx(), "UANA", home, actionEdit))
	form := e.editForm("UANA")
	e.settle(e.slack.SubmitView(e.ctx(), "UANA", form, filled(t, form, nil)))
	e.one("the answer", and(dmTo("UANA"), contains("Nothing changed")))
	if n := e.zoomCalls(zoomtest.RouteUpdateMeeting); n != 0 {
		t.Errorf("%d PATCHes for an unchanged form", n)
	}
}

func TestRedeliveredEditChangesOnce(t *testing.T) {
	e := newTestEnv(t)
	zm, _ := e.scheduleAs("UANA", "schedule tomorrow 3pm standup")
	e.command("UANA", testChannel, "edit "+FormatMeetingID(zm.ID))
	form := e.editForm("UANA")
	values := filled(t, form, map[string]map[string]any{
		fieldDuration: {fieldDuration: map[string]any{"type": "static_select", "selected_option": map[string]any{"value": "60"}}},
	})
	d, err := e.slack.SubmitView(e.ctx(), "UANA", form, values)
	e.settle(d, err)
	e.settle(e.slack.Redeliver(e.ctx(), d, "timeout"))
	if got, _ := e.zoom.Meeting(zm.ID); got.Duration != 60 {
		t.Fatalf("duration %d, want 60", got.Duration)
	}
	if n := e.zoomCalls(zoomtest.RouteUpdateMeeting); n != 1 {
		t.Errorf("PATCH calls = %d, want 1", n)
	}
	if n := len(e.find(and(privateTo("UANA"), contains("Saved")))); n != 1 {
		t.Errorf("%d answers, want 1\n%s", n, dump(e.slack.Messages()))
	}
}
