package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/internal/logsafe"
	"github.com/zoombot/zoombot/storage"
)

// The edit form is the schedule form, titled "Edit meeting" and filled
// with the meeting as it is; for a series it asks whether the change is
// for one meeting or the whole series. Its submission changes only what
// the user changed, with one PATCH.
const (
	editCallbackID = "edit_form"
	fieldScope     = "scope"
	scopeOne       = "occurrence"
	scopeSeries    = "series"
)

// editMetadata travels in the edit form's private_metadata: which meeting,
// and what the form showed, to tell what the user changed before the ack,
// without the database.
type editMetadata struct {
	Meeting    int64          `json:"m"`
	Occurrence string         `json:"o,omitempty"` // the series' meeting the form shows
	Channel    string         `json:"c"`           // where to answer (formMetadata's key too)
	TZ         string         `json:"tz"`
	Topic      string         `json:"t"`
	Start      time.Time      `json:"s"`
	Duration   time.Duration  `json:"d"`
	Options    meetingOptions `json:"op"`
	Invitees   []string       `json:"i,omitempty"`
}

// cmdEdit is /zoom edit <meeting>: the edit form, for the host only.
func (b *Bot) cmdEdit(ctx context.Context, in SlashCommand, cmd Command) (Reply, error) {
	var m *storage.Meeting
	var err error
	if cmd.MeetingID != 0 {
		m, err = b.meetingByID(ctx, in, cmd.MeetingID)
	} else {
		m, _, err = b.meetingByWords(ctx, in, kindEdit, cmd.Text, nil)
	}
	if err != nil {
		return Reply{}, err
	}
	return Reply{}, b.showEditForm(ctx, in, m, cmd.Occurrence)
}

// actionEdit is the Edit button (channel message, App Home).
func (b *Bot) actionEdit(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) error {
	m, err := b.meetingFromAction(ctx, cb.Team.ID, a)
	if err != nil {
		return err
	}
	in := SlashCommand{TeamID: cb.Team.ID, ChannelID: cb.Channel.ID, UserID: cb.User.ID, TriggerID: cb.TriggerID}
	return b.showEditForm(ctx, in, m, "")
}

// showEditForm opens the edit form of m for the host; anyone else gets a
// private refusal.
func (b *Bot) showEditForm(ctx context.Context, in SlashCommand, m *storage.Meeting, occurrence string) error {
	if err := mayChange(m, in.UserID, kindEdit); err != nil {
		return err
	}
	u, err := b.slackUser(ctx, in.TeamID, in.UserID)
	if err != nil {
		return err
	}
	ch, err := b.changeOf(m, occurrence, u.Locale, in, kindEdit)
	if err != nil {
		return err
	}
	meta := editMetadata{Meeting: m.ID, Occurrence: ch.OccurrenceID, Channel: in.ChannelID, TZ: u.Loc.String(),
		Topic: plainTopic(m.Topic, nil), Start: ch.Before.Start, Duration: ch.Before.Duration, Options: meetingSettings(m),
		Invitees: m.Invitees}
	if meta.Occurrence == "" && m.Recurrence != "" {
		if next, ok := nextOccurrence(m, b.now()); ok {
			meta.Occurrence = next.OccurrenceID
		}
	}
	return b.openView(ctx, in.TriggerID, editModal(meta, m.Recurrence != "", occurrence == "", b.cfg.DefaultDuration, b.now(), u.Loc))
}

// editModal is the schedule form filled with the meeting, without the
// channel and repeat fields; a series gets the choice of what to change.
func editModal(meta editMetadata, series, wholeSeries bool, defaultDuration time.Duration, now time.Time, loc *time.Location) slack.ModalViewRequest {
	opts := meta.Options
	view := scheduleModal(formPrefill{Topic: meta.Topic, Start: meta.Start, HasTime: true, Duration: meta.Duration,
		Passcode: opts.Passcode, Options: &opts, Invitees: meta.Invitees}, defaultDuration, now, loc)
	view.Title, view.Submit, view.CallbackID = plain("Edit meeting"), plain("Save"), editCallbackID
	raw, _ := json.Marshal(meta)
	view.PrivateMetadata = string(raw)
	var blocks []slack.Block
	if series {
		one := option(scopeOne, "This meeting only ("+meta.Start.In(loc).Format("Mon Jan 2")+")")
		all := option(scopeSeries, "The whole series")
		scope := slack.NewRadioButtonsBlockElement(fieldScope, one, all)
		scope.InitialOption = one
		if wholeSeries {
			scope.InitialOption = all
		}
		blocks = append(blocks, slack.NewInputBlock(fieldScope, plain("Change"), plain("A new time for the whole series moves every meeting by as much as this one."), scope))
	}
	for _, blk := range view.Blocks.BlockSet {
		if in, ok := blk.(*slack.InputBlock); ok && slices.Contains([]string{fieldChannel, fieldRepeat, fieldRepeatCount, fieldRepeatUntil}, in.BlockID) {
			continue
		}
		blocks = append(blocks, blk)
	}
	view.Blocks.BlockSet = blocks
	return view
}

// submitEdit checks a submitted edit form before the ack (field errors
// must come in it, so no database or Zoom work here) and returns the
// change to run after it.
func (b *Bot) submitEdit(ctx context.Context, cb slack.InteractionCallback) (any, func(context.Context)) {
	attrs := []slog.Attr{slog.String("team", cb.Team.ID), slog.String("user", cb.User.ID),
		slog.String("command", kindEdit), slog.String("request_id", "form:"+cb.TriggerID)}
	var meta editMetadata
	_ = json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta)
	// The zone the form's time picker showed.
	loc := time.UTC
	if l, err := loadZone(meta.TZ); err == nil && meta.TZ != "" {
		loc = l
	} else if u := b.cachedSlackUser(cb.Team.ID, cb.User.ID); u != nil {
		loc = u.Loc
	}
	var values map[string]map[string]slack.BlockAction
	if cb.View.State != nil {
		values = cb.View.State.Values
	}
	edit, errs := checkEdit(readForm(values), values[fieldScope][fieldScope].SelectedOption.Value, meta, b.now(), loc)
	if meta.Meeting == 0 {
		errs[fieldTopic] = "This form is out of date. Close it and open it again."
	}
	if len(errs) > 0 {
		b.metrics.CommandDone(kindEdit, "user_error")
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	return nil, func(ctx context.Context) {
		ctx = logsafe.WithAttrs(ctx, attrs...)
		reply, err := b.runEdit(ctx, cb, meta, edit)
		b.metrics.CommandDone(kindEdit, outcome(err))
		if err != nil {
			reply = b.userReply(ctx, err, attrArgs(attrs)...)
		}
		b.reply(ctx, "", meta.Channel, cb.User.ID, reply)
	}
}

// formEdit is what the user changed in the form.
type formEdit struct {
	Series   bool // the whole series, not one meeting
	Start    time.Time
	Duration time.Duration
	Topic    *string
	Passcode *string
	Options  *optionsChange
	Invitees *[]string
}

// checkEdit compares the form with what it showed. The errors map is
// keyed by block id, ready for response_action "errors".
func checkEdit(in formInput, scope string, meta editMetadata, now time.Time, loc *time.Location) (formEdit, map[string]string) {
	errs := map[string]string{}
	e := formEdit{Series: scope == scopeSeries}
	start, field, msg := formStart(in, loc)
	switch {
	case field != "":
		errs[field] = msg
	case start.Equal(meta.Start):
	case !start.After(now):
		errs[fieldTime] = passedMessage(now, loc)
	default:
		e.Start = start
	}
	if in.Duration > 0 && in.Duration != meta.Duration {
		e.Duration = in.Duration
	}
	seriesOnly := func(field, what string) {
		if scope == scopeOne {
			errs[field] = fmt.Sprintf("The %s is the whole series'. Choose “The whole series” above to change it.", what)
		}
	}
	switch n := len([]rune(in.Topic)); {
	case in.Topic == "":
		errs[fieldTopic] = "Give it a topic."
	case n > maxTopic:
		errs[fieldTopic] = fmt.Sprintf("Zoom allows %d characters; this is %d.", maxTopic, n)
	case in.Topic != meta.Topic:
		e.Topic = &in.Topic
		seriesOnly(fieldTopic, "topic")
	}
	if in.Passcode != "" && in.Passcode != meta.Options.Passcode {
		if !zoomPasscode.MatchString(in.Passcode) {
			errs[fieldPasscode] = "Use up to 10 letters, digits or @ - _ *, e.g. sync-42."
		}
		e.Passcode = &in.Passcode
		seriesOnly(fieldPasscode, "passcode")
	}
	var oc optionsChange
	for _, f := range []struct {
		to       **bool
		now, was bool
	}{{&oc.WaitingRoom, in.WaitingRoom, meta.Options.WaitingRoom}, {&oc.JoinBeforeHost, in.JoinBeforeHost, meta.Options.JoinBeforeHost},
		{&oc.MuteOnEntry, in.MuteOnEntry, meta.Options.MuteOnEntry}} {
		if f.now != f.was {
			*f.to = &f.now
			e.Options = &oc
		}
	}
	if e.Options != nil {
		seriesOnly(fieldOptions, "settings")
	}
	if !sameMembers(in.Invitees, meta.Invitees) {
		inv := slices.Clone(in.Invitees)
		e.Invitees = &inv
	}
	return e, errs
}

func sameMembers(a, b []string) bool {
	return len(a) == len(b) && !slices.ContainsFunc(a, func(s string) bool { return !slices.Contains(b, s) })
}

// runEdit turns a checked edit into a change, after the ack: the meeting
// is read again, and only its host may change it.
func (b *Bot) runEdit(ctx context.Context, cb slack.InteractionCallback, meta editMetadata, e formEdit) (Reply, error) {
	m, err := b.meetingByID(ctx, SlashCommand{TeamID: cb.Team.ID}, meta.Meeting)
	if err != nil {
		return Reply{}, err
	}
	if err := mayChange(m, cb.User.ID, kindEdit); err != nil {
		return Reply{}, err
	}
	ch := newChange(m, kindEdit, SlashCommand{TeamID: cb.Team.ID, ChannelID: meta.Channel, UserID: cb.User.ID})
	if m.Recurrence != "" {
		i := slices.IndexFunc(m.Occurrences, func(o storage.Occurrence) bool { return o.OccurrenceID == meta.Occurrence })
		switch {
		case i < 0:
			return Reply{}, userErr("stale_form", "*%s* changed since the form opened. Please open it again.", escapeTopic(m.Topic))
		case m.Occurrences[i].Status == storage.StatusCancelled:
			return Reply{}, userErr("cancelled", "That meeting of *%s* was cancelled.", escapeTopic(m.Topic))
		}
		ch.at(m.Occurrences[i], !e.Series)
	}
	ch.Key = "form:" + cb.TriggerID
	ch.Start, ch.Duration, ch.Topic, ch.Passcode, ch.Options, ch.Invitees = e.Start, e.Duration, e.Topic, e.Passcode, e.Options, e.Invitees
	if !e.Start.IsZero() {
		if err := ch.moveWholeSeries(m); err != nil {
			return Reply{}, err
		}
	}
	if len(ch.changes()) == 0 {
		return Reply{Text: fmt.Sprintf("Nothing changed in *%s*.", escapeTopic(m.Topic))}, nil
	}
	return b.change(ctx, ch)
}
