package bot

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/bot/timeparse"
)

// The schedule form's callback id and its input blocks. Each block holds one
// element whose action id equals the block id, so errors returned with
// response_action "errors" land on the right field.
const (
	formCallbackID = "schedule_form"

	fieldTopic       = "topic"
	fieldDate        = "date"
	fieldTime        = "time"
	fieldDuration    = "duration"
	fieldPasscode    = "passcode"
	fieldOptions     = "options"
	fieldInvitees    = "invitees"
	fieldChannel     = "channel"
	fieldRepeat      = "repeat"
	fieldRepeatCount = "repeat_count"
	fieldRepeatUntil = "repeat_until"

	optWaitingRoom    = "waiting_room"
	optJoinBeforeHost = "join_before_host"
	optMuteOnEntry    = "mute_upon_entry"
)

var durationChoices = []time.Duration{15 * time.Minute, 30 * time.Minute, 45 * time.Minute, time.Hour, 90 * time.Minute, 2 * time.Hour}

var repeatChoices = []struct{ value, label string }{
	{"none", "Does not repeat"},
	{"daily", "Every day"},
	{"weekdays", "Every weekday (Mon–Fri)"},
	{"weekly", "Every week on the chosen day"},
	{"monthly", "Every month on the chosen date"},
}

// formPrefill is what the form starts with: whatever a failed command could
// read, or nothing.
type formPrefill struct {
	Topic    string        `json:"t,omitempty"`
	Start    time.Time     `json:"s,omitempty"` // date and time; a zero clock means "date only"
	HasTime  bool          `json:"h,omitempty"`
	Duration time.Duration `json:"d,omitempty"`
	Channel  string        `json:"c,omitempty"`
}

// formMetadata travels in the modal's private_metadata.
type formMetadata struct {
	Channel string `json:"c"`
	TZ      string `json:"tz,omitempty"` // the user's zone when the form opened
}

func option(value, label string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(value, plain(label), nil)
}

func durationOption(d time.Duration) *slack.OptionBlockObject {
	return option(strconv.Itoa(int(d/time.Minute)), humanDuration(d))
}

// scheduleModal renders the form. now and loc pick the default date (today
// in the user's zone) and time (the next half hour).
func scheduleModal(p formPrefill, defaultDuration time.Duration, now time.Time, loc *time.Location) slack.ModalViewRequest {
	local := now.In(loc)
	start := local.Truncate(time.Minute).Add(30 * time.Minute)
	start = time.Date(start.Year(), start.Month(), start.Day(), start.Hour(), start.Minute()/30*30, 0, 0, loc)
	date := local.Format("2006-01-02")
	clock := start.Format("15:04")
	if !p.Start.IsZero() {
		date = p.Start.In(loc).Format("2006-01-02")
		if p.HasTime {
			clock = p.Start.In(loc).Format("15:04")
		}
	}
	d := p.Duration
	if d == 0 {
		d = defaultDuration
	}

	topic := slack.NewPlainTextInputBlockElement(plain("Weekly sync"), fieldTopic)
	topic.MaxLength = maxTopic
	topic.InitialValue = p.Topic
	datePicker := slack.NewDatePickerBlockElement(fieldDate)
	datePicker.InitialDate = date
	timePicker := slack.NewTimePickerBlockElement(fieldTime)
	timePicker.InitialTime = clock
	timePicker.Timezone = loc.String()

	durations := make([]*slack.OptionBlockObject, 0, len(durationChoices)+1)
	for _, c := range durationChoices {
		durations = append(durations, durationOption(c))
	}
	initialDuration := durationOption(d)
	if !containsDuration(durationChoices, d) {
		durations = append(durations, initialDuration)
	}
	durationSelect := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Length"), fieldDuration, durations...)
	durationSelect.InitialOption = initialDuration

	passcode := slack.NewPlainTextInputBlockElement(plain("Generated if empty"), fieldPasscode)
	passcode.MaxLength = 10

	opts := []*slack.OptionBlockObject{
		option(optJoinBeforeHost, "Let people join before the host"),
		option(optMuteOnEntry, "Mute people when they join"),
		option(optWaitingRoom, "Waiting room"),
	}
	checkboxes := slack.NewCheckboxGroupsBlockElement(fieldOptions, opts...)
	checkboxes.InitialOptions = opts[:2]

	invitees := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, plain("Who should get an invite?"), fieldInvitees)
	channel := slack.NewOptionsSelectBlockElement(slack.OptTypeConversations, plain("Where to post it"), fieldChannel)
	channel.InitialConversation = p.Channel
	if p.Channel == "" {
		channel.DefaultToCurrentConversation = true
	}

	repeats := make([]*slack.OptionBlockObject, 0, len(repeatChoices))
	for _, r := range repeatChoices {
		repeats = append(repeats, option(r.value, r.label))
	}
	repeat := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Repeat"), fieldRepeat, repeats...)
	repeat.InitialOption = repeats[0]
	count := slack.NewPlainTextInputBlockElement(plain("e.g. 10"), fieldRepeatCount)
	until := slack.NewDatePickerBlockElement(fieldRepeatUntil)

	optional := func(b *slack.InputBlock) *slack.InputBlock { b.Optional = true; return b }
	meta, _ := json.Marshal(formMetadata{Channel: p.Channel, TZ: loc.String()})
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      formCallbackID,
		Title:           plain("Schedule a meeting"),
		Submit:          plain("Schedule"),
		Close:           plain("Cancel"),
		PrivateMetadata: string(meta),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewInputBlock(fieldTopic, plain("Topic"), nil, topic),
			slack.NewInputBlock(fieldDate, plain("Date"), nil, datePicker),
			slack.NewInputBlock(fieldTime, plain("Time"), plain("In your Slack time zone, "+loc.String()), timePicker),
			slack.NewInputBlock(fieldDuration, plain("Duration"), nil, durationSelect),
			optional(slack.NewInputBlock(fieldPasscode, plain("Passcode"), plain("Up to 10 letters, digits or @ - _ *"), passcode)),
			optional(slack.NewInputBlock(fieldOptions, plain("Options"), nil, checkboxes)),
			optional(slack.NewInputBlock(fieldInvitees, plain("Invite"), plain("They get the join link by DM, never the start link."), invitees)),
			slack.NewInputBlock(fieldChannel, plain("Post in"), nil, channel),
			slack.NewInputBlock(fieldRepeat, plain("Repeat"), nil, repeat),
			optional(slack.NewInputBlock(fieldRepeatCount, plain("Number of meetings"), plain("For a repeating meeting: how many (up to 60)…"), count)),
			optional(slack.NewInputBlock(fieldRepeatUntil, plain("Or repeat until"), plain("…or the last date."), until)),
		}},
	}
}

func containsDuration(ds []time.Duration, d time.Duration) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
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
	day, derr := time.ParseInLocation("2006-01-02", in.Date, loc)
	clock, terr := time.Parse("15:04", in.Clock)
	switch {
	case derr != nil:
		errs[fieldDate] = "Pick a date."
	case terr != nil:
		errs[fieldTime] = "Pick a time."
	default:
		out.Start = time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), 0, 0, loc)
		if !out.Start.After(now) {
			errs[fieldTime] = fmt.Sprintf("That time has passed: it is %s now in %s.", now.In(loc).Format("Mon Jan 2, 3:04 PM"), loc)
		}
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
