package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/slack-go/slack"
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
	// The edit form starts with the meeting's passcode, settings and
	// invitees too.
	Passcode string          `json:"p,omitempty"`
	Options  *meetingOptions `json:"o,omitempty"`
	Invitees []string        `json:"i,omitempty"`
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
	passcode.InitialValue = p.Passcode

	opts := []*slack.OptionBlockObject{
		option(optJoinBeforeHost, "Let people join before the host"),
		option(optMuteOnEntry, "Mute people when they join"),
		option(optWaitingRoom, "Waiting room"),
	}
	checkboxes := slack.NewCheckboxGroupsBlockElement(fieldOptions, opts...)
	checkboxes.InitialOptions = opts[:2]
	if o := p.Options; o != nil {
		checkboxes.InitialOptions = nil
		for i, on := range []bool{o.JoinBeforeHost, o.MuteOnEntry, o.WaitingRoom} {
			if on {
				checkboxes.InitialOptions = append(checkboxes.InitialOptions, opts[i])
			}
		}
	}

	invitees := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, plain("Who should get an invite?"), fieldInvitees)
	invitees.InitialUsers = p.Invitees
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

// openForm opens the schedule form with the click's trigger_id, which
// expires 3 seconds after the click: nothing slow may come first.
func (b *Bot) openForm(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) error {
	var p formPrefill
	if a.ActionID == actionOpenForm && a.Value != "" {
		_ = json.Unmarshal([]byte(a.Value), &p) // a bad value just means an empty form
	}
	if p.Channel == "" && cb.Container.Type == "message" {
		p.Channel = cb.Channel.ID
	}
	return b.showForm(ctx, cb.Team.ID, cb.User.ID, cb.TriggerID, p)
}

func (b *Bot) showForm(ctx context.Context, teamID, userID, triggerID string, p formPrefill) error {
	u, err := b.slackUser(ctx, teamID, userID)
	if err != nil {
		return err
	}
	return b.openView(ctx, triggerID, scheduleModal(p, b.cfg.DefaultDuration, b.now(), u.Loc))
}

// openView opens a modal with a trigger_id, which expires 3 seconds after
// the user acted.
func (b *Bot) openView(ctx context.Context, triggerID string, view slack.ModalViewRequest) error {
	if _, err := b.slack.OpenViewContext(ctx, triggerID, view); err != nil {
		if triggerID == "" || slackErrorIs(err, "expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id") {
			return userErr("slow", "Slack gave me too little time to open the form. Please try again.")
		}
		return fmt.Errorf("views.open: %w", err)
	}
	return nil
}

// useFormButton is the "Use the form" button for help and parse errors.
func useFormButton(p formPrefill) slack.Block {
	return slack.NewActionBlock("form", formButton(p, "Use the form"))
}

// formButton opens the form pre-filled with p.
func formButton(p formPrefill, label string) *slack.ButtonBlockElement {
	raw, _ := json.Marshal(p)
	return slack.NewButtonBlockElement(actionOpenForm, string(raw), plain(label))
}
