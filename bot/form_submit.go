package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/bot/timeparse"
	"github.com/zoombot/zoombot/internal/logsafe"
)

// submitForm checks a submitted schedule form. It returns the ack payload
// (field errors, or nil, which closes the form) and, for a valid form, the
// scheduling to run after the ack. Slack shows field errors only if they
// come in the ack, within 3 seconds, so this does no Zoom or database work.
func (b *Bot) submitForm(ctx context.Context, cb slack.InteractionCallback) (any, func(context.Context)) {
	attrs := []slog.Attr{slog.String("team", cb.Team.ID), slog.String("user", cb.User.ID),
		slog.String("command", "form"), slog.String("request_id", "form:"+cb.TriggerID)}
	var meta formMetadata
	_ = json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta)
	// The zone comes from the form itself (or the cache), never from a
	// users.info call here: this runs before the ack, which must not wait
	// on the network.
	loc := time.UTC
	if u := b.cachedSlackUser(cb.Team.ID, cb.User.ID); u != nil {
		loc = u.Loc
	} else if l, err := time.LoadLocation(meta.TZ); err == nil && meta.TZ != "" {
		loc = l
	}
	var values map[string]map[string]slack.BlockAction
	if cb.View.State != nil { // absent in a malformed payload (found by FuzzInteraction)
		values = cb.View.State.Values
	}
	in := readForm(values)
	if in.Channel == "" {
		in.Channel = meta.Channel
	}
	f, errs := checkForm(in, b.now(), loc, b.cfg.DefaultDuration)
	if len(errs) > 0 {
		b.metrics.CommandDone("form", "user_error")
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	attrs = append(attrs, slog.String("channel", f.Channel))
	return nil, func(ctx context.Context) {
		ctx = logsafe.WithAttrs(ctx, attrs...)
		u, err := b.slackUser(ctx, cb.Team.ID, cb.User.ID)
		if err != nil {
			b.metrics.CommandDone("form", outcome(err))
			b.reply(ctx, "", f.Channel, cb.User.ID, b.userReply(ctx, err, attrArgs(attrs)...))
			return
		}
		reply, err := b.schedule(ctx, scheduleInput{
			Key: "form:" + cb.TriggerID, Kind: "form",
			TeamID: cb.Team.ID, ChannelID: f.Channel, User: u,
			Topic: f.Topic, Start: f.Start, Duration: f.Duration, Recurrence: f.Recurrence,
			Invitees: f.Invitees, Options: f.Options,
		})
		b.metrics.CommandDone("form", outcome(err))
		if err != nil {
			reply = b.userReply(ctx, err, attrArgs(attrs)...)
		}
		b.reply(ctx, "", f.Channel, cb.User.ID, reply)
	}
}

// formInput is a submitted form, read but not yet checked.
type formInput struct {
	Topic                                    string
	Date, Clock                              string
	Duration                                 time.Duration
	Passcode                                 string
	WaitingRoom, JoinBeforeHost, MuteOnEntry bool
	Invitees                                 []string
	Channel                                  string
	Repeat                                   string
	RepeatCount                              string
	RepeatUntil                              string
}

func readForm(values map[string]map[string]slack.BlockAction) formInput {
	get := func(block string) slack.BlockAction { return values[block][block] }
	in := formInput{
		Topic:       strings.TrimSpace(get(fieldTopic).Value),
		Date:        get(fieldDate).SelectedDate,
		Clock:       get(fieldTime).SelectedTime,
		Passcode:    strings.TrimSpace(get(fieldPasscode).Value),
		Invitees:    get(fieldInvitees).SelectedUsers,
		Channel:     get(fieldChannel).SelectedConversation,
		Repeat:      get(fieldRepeat).SelectedOption.Value,
		RepeatCount: strings.TrimSpace(get(fieldRepeatCount).Value),
		RepeatUntil: get(fieldRepeatUntil).SelectedDate,
	}
	if m, err := strconv.Atoi(get(fieldDuration).SelectedOption.Value); err == nil {
		in.Duration = time.Duration(m) * time.Minute
	}
	for _, o := range get(fieldOptions).SelectedOptions {
		switch o.Value {
		case optWaitingRoom:
			in.WaitingRoom = true
		case optJoinBeforeHost:
			in.JoinBeforeHost = true
		case optMuteOnEntry:
			in.MuteOnEntry = true
		}
	}
	return in
}

// formStart reads the form's date and time in loc, or says which field is
// missing.
func formStart(in formInput, loc *time.Location) (start time.Time, field, msg string) {
	day, derr := time.ParseInLocation("2006-01-02", in.Date, loc)
	clock, terr := time.Parse("15:04", in.Clock)
	switch {
	case derr != nil:
		return time.Time{}, fieldDate, "Pick a date."
	case terr != nil:
		return time.Time{}, fieldTime, "Pick a time."
	}
	return time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), 0, 0, loc), "", ""
}

func passedMessage(now time.Time, loc *time.Location) string {
	return fmt.Sprintf("That time has passed: it is %s now in %s.", now.In(loc).Format("Mon Jan 2, 3:04 PM"), loc)
}

// zoomPasscode is Zoom's default passcode rule (zoom-api.md §3.1).
var zoomPasscode = regexp.MustCompile(`^[A-Za-z0-9@_*-]{1,10}$`)

// formSchedule is a checked form: what to schedule.
type formSchedule struct {
	Topic      string
	Start      time.Time
	Duration   time.Duration
	Recurrence *timeparse.Recurrence
	Options    *meetingOptions
	Invitees   []string
	Channel    string
}

// checkForm validates a submission in the user's zone. The errors map is
// keyed by block id, ready for response_action "errors".
func checkForm(in formInput, now time.Time, loc *time.Location, defaultDuration time.Duration) (formSchedule, map[string]string) {
	errs := map[string]string{}
	out := formSchedule{Topic: in.Topic, Duration: in.Duration, Invitees: in.Invitees, Channel: in.Channel}
	if out.Topic == "" {
		out.Topic = "Zoom meeting"
	}
	if n := len([]rune(in.Topic)); n > maxTopic {
		errs[fieldTopic] = fmt.Sprintf("Zoom allows %d characters; this is %d.", maxTopic, n)
	}
	if out.Duration <= 0 {
		out.Duration = defaultDuration
	}
	if start, field, msg := formStart(in, loc); field != "" {
		errs[field] = msg
	} else if out.Start = start; !start.After(now) {
		errs[fieldTime] = passedMessage(now, loc)
	}
	if in.Passcode != "" && !zoomPasscode.MatchString(in.Passcode) {
		errs[fieldPasscode] = "Use up to 10 letters, digits or @ - _ *, e.g. sync-42."
	}
	out.Options = &meetingOptions{Passcode: in.Passcode, WaitingRoom: in.WaitingRoom, JoinBeforeHost: in.JoinBeforeHost, MuteOnEntry: in.MuteOnEntry}
	if in.Channel == "" {
		errs[fieldChannel] = "Pick a channel to post the meeting in."
	}
	if in.Repeat != "" && in.Repeat != "none" {
		r := &timeparse.Recurrence{Interval: 1}
		switch in.Repeat {
		case "daily":
			r.Freq = timeparse.Daily
		case "weekdays":
			r.Freq, r.Weekdays = timeparse.Weekly, []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
		case "weekly":
			r.Freq, r.Weekdays = timeparse.Weekly, []time.Weekday{out.Start.Weekday()}
		case "monthly":
			r.Freq, r.MonthDay = timeparse.Monthly, out.Start.Day()
		default:
			errs[fieldRepeat] = "Pick how it repeats."
		}
		if in.RepeatCount != "" {
			n, err := strconv.Atoi(in.RepeatCount)
			if err != nil || n < 1 || n > 60 {
				errs[fieldRepeatCount] = "A number from 1 to 60."
			}
			r.Count = n
		}
		if in.RepeatUntil != "" {
			until, err := time.ParseInLocation("2006-01-02", in.RepeatUntil, loc)
			if err != nil {
				errs[fieldRepeatUntil] = "Pick a date."
			} else if until = until.AddDate(0, 0, 1).Add(-time.Second); !out.Start.IsZero() && until.Before(out.Start) {
				errs[fieldRepeatUntil] = "The last date is before the first meeting."
			}
			r.Until = until
			if in.RepeatCount != "" {
				errs[fieldRepeatUntil] = "Give a number of meetings or a last date, not both."
			}
		}
		out.Recurrence = r
	} else if in.RepeatCount != "" || in.RepeatUntil != "" {
		errs[fieldRepeat] = "Choose how it repeats, or clear the number and date below."
	}
	return out, errs
}
