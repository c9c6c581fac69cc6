package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/zoombot/zoombot/bot/slacktest"
)

// viewBlocks returns the blocks of a view object.
func viewBlocks(raw json.RawMessage) json.RawMessage {
	var v struct {
		Blocks json.RawMessage `json:"blocks"`
	}
	_ = json.Unmarshal(raw, &v)
	return v.Blocks
}

// formInput is one input block of a modal, as the sandbox fills it.
type formInput struct {
	BlockID string `json:"block_id"`
	Label   struct {
		Text string `json:"text"`
	} `json:"label"`
	Optional bool `json:"optional"`
	Element  struct {
		Type                string          `json:"type"`
		ActionID            string          `json:"action_id"`
		InitialValue        string          `json:"initial_value"`
		InitialDate         string          `json:"initial_date"`
		InitialTime         string          `json:"initial_time"`
		InitialConversation string          `json:"initial_conversation"`
		InitialOption       json.RawMessage `json:"initial_option"`
		InitialOptions      json.RawMessage `json:"initial_options"`
		Options             []struct {
			Value string `json:"value"`
			Text  struct {
				Text string `json:"text"`
			} `json:"text"`
		} `json:"options"`
	} `json:"element"`
}

func formInputs(view json.RawMessage) []formInput {
	var v struct {
		Blocks []formInput `json:"blocks"`
	}
	_ = json.Unmarshal(view, &v)
	var out []formInput
	for _, b := range v.Blocks {
		if b.Element.ActionID != "" {
			out = append(out, b)
		}
	}
	return out
}

// printView shows modals and App Home as they appear.
func (sb *sandbox) printView(v slacktest.View) {
	switch v.Kind {
	case "publish":
		sb.printf("\n  ┌─ App Home of @%s\n%s  └─\n", sb.nameOf(v.UserID), indent(sb.renderBlocks(viewBlocks(v.JSON)), "  │ "))
	case "open", "push", "update":
		var v2 struct {
			Title struct {
				Text string `json:"text"`
			} `json:"title"`
		}
		_ = json.Unmarshal(v.JSON, &v2)
		var b strings.Builder
		for _, in := range formInputs(v.JSON) {
			fmt.Fprintf(&b, "%s (%s): %s\n", in.Label.Text, in.BlockID, initialValue(in))
		}
		sb.printf("\n  ┌─ form %q for @%s (fill it with :fill field=value …)\n%s  └─\n", v2.Title.Text, sb.nameOf(v.UserID), indent(b.String(), "  │ "))
	}
}

func initialValue(in formInput) string {
	e := in.Element
	switch {
	case e.InitialValue != "":
		return e.InitialValue
	case e.InitialDate != "":
		return e.InitialDate
	case e.InitialTime != "":
		return e.InitialTime
	case e.InitialConversation != "":
		return e.InitialConversation
	case len(e.InitialOption) > 0:
		var o struct {
			Value string `json:"value"`
		}
		_ = json.Unmarshal(e.InitialOption, &o)
		return o.Value
	case len(e.InitialOptions) > 0:
		var os []struct {
			Value string `json:"value"`
		}
		_ = json.Unmarshal(e.InitialOptions, &os)
		var vals []string
		for _, o := range os {
			vals = append(vals, o.Value)
		}
		return strings.Join(vals, ",")
	}
	return ""
}

var fieldStart = regexp.MustCompile(`(?:^|\s)([a-z_]+)=`)

// parseFields reads `topic=Design review time=15:00`: a value runs to the
// next name=.
func parseFields(s string) map[string]string {
	out := map[string]string{}
	locs := fieldStart.FindAllStringSubmatchIndex(s, -1)
	for i, l := range locs {
		end := len(s)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		out[s[l[2]:l[3]]] = strings.TrimSpace(s[l[1]:end])
	}
	return out
}

// fill submits the current user's open form, changing the named fields.
func (sb *sandbox) fill(ctx context.Context, args string) error {
	var form *slacktest.View
	views := sb.slack.Views()
	for i := len(views) - 1; i >= 0; i-- {
		if views[i].UserID == sb.user && views[i].Kind != "publish" {
			form = &views[i]
			break
		}
	}
	if form == nil {
		return errors.New("no open form: type /zoom to open one")
	}
	given := parseFields(args)
	for short, field := range map[string]string{"count": "repeat_count", "until": "repeat_until", "invite": "invitees", "post_in": "channel"} {
		if v, ok := given[short]; ok {
			delete(given, short)
			given[field] = v
		}
	}
	values := map[string]map[string]any{}
	known := map[string]bool{}
	for _, in := range formInputs(form.JSON) {
		known[in.BlockID] = true
		v, ok := given[in.BlockID]
		if !ok {
			v = initialValue(in)
		}
		values[in.BlockID] = map[string]any{in.Element.ActionID: sb.elementValue(in, v)}
	}
	var unknown []string
	for k := range given {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return fmt.Errorf("the form has no field %s", strings.Join(unknown, ", "))
	}
	d, err := sb.slack.SubmitView(ctx, sb.user, *form, values)
	if err != nil {
		return err
	}
	ack, err := sb.slack.WaitAck(ctx, d.EnvelopeID)
	if err != nil {
		return err
	}
	if ack.ResponseAction == "errors" {
		var p struct {
			Errors map[string]string `json:"errors"`
		}
		_ = json.Unmarshal(ack.Payload, &p)
		for field, msg := range p.Errors {
			sb.printf("  ! %s: %s\n", field, msg)
		}
		sb.printf("  (the form stays open: fix it with :fill)\n")
		return nil
	}
	sb.printf("  (form submitted)\n")
	return sb.settle(ctx, d)
}

// elementValue is the state value Slack sends for an element.
func (sb *sandbox) elementValue(in formInput, v string) map[string]any {
	e := in.Element
	switch e.Type {
	case "datepicker":
		return map[string]any{"type": e.Type, "selected_date": v}
	case "timepicker":
		return map[string]any{"type": e.Type, "selected_time": v}
	case "conversations_select":
		if strings.HasPrefix(v, "#") {
			v = sb.channelID(strings.TrimPrefix(v, "#"))
		}
		return map[string]any{"type": e.Type, "selected_conversation": v}
	case "multi_users_select":
		var ids []string
		for _, name := range strings.Split(v, ",") {
			name = strings.TrimPrefix(strings.TrimSpace(name), "@")
			sb.dirMu.Lock()
			id, ok := sb.byName[name]
			sb.dirMu.Unlock()
			if ok {
				ids = append(ids, id)
			} else if name != "" {
				sb.printf("  ! no user @%s (create one with :as %s)\n", name, name)
			}
		}
		return map[string]any{"type": e.Type, "selected_users": ids}
	case "static_select", "radio_buttons":
		return map[string]any{"type": e.Type, "selected_option": map[string]any{"value": v}}
	case "checkboxes":
		var opts []any
		for _, o := range strings.Split(v, ",") {
			if o = strings.TrimSpace(o); o != "" {
				opts = append(opts, map[string]any{"value": o})
			}
		}
		return map[string]any{"type": e.Type, "selected_options": opts}
	default:
		return map[string]any{"type": e.Type, "value": v}
	}
}
