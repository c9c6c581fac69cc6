package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/zoombot/zoombot/storage"
)

// webhookZoomRead bounds the read of a series from Zoom inside a webhook:
// Zoom wants its answer within 3 s.
const webhookZoomRead = 2 * time.Second

// zoomMeetingUpdated follows a meeting changed in the Zoom app: a new topic,
// a single meeting moved or resized, or a series' times (one meeting of it,
// or the whole rule). meeting.updated carries only what changed, so a
// series is read back from Zoom. The echo of the bot's own change does
// nothing: while one is under way the event is answered 500, and Zoom's
// retry then finds nothing new.
func (b *Bot) zoomMeetingUpdated(ctx context.Context, m *storage.Meeting, ev *zoomEvent) (func(context.Context) error, error) {
	if m.Status == storage.StatusCancelled {
		b.log.InfoContext(ctx, "zoom webhook: change to a cancelled meeting not followed", "meeting", m.ID)
		return nil, nil
	}
	var c storage.MeetingChange
	var told changeInput
	if a := ev.Applied; a != nil && a.Change != nil && a.Told != nil {
		c, told = *a.Change, *a.Told // a resumed delivery: decided before its replica died
	} else {
		var err error
		if c, told, err = b.changeFromZoom(ctx, m, ev); err != nil || changesNothing(&c) {
			return nil, err
		}
		if err := b.noteApplied(ctx, ev, &appliedEvent{Change: &c, Told: &told}); err != nil {
			return nil, err
		}
	}
	if err := b.db.ChangeMeeting(ctx, m.ID, c); err != nil {
		return nil, err
	}
	return b.refreshLater(m.ID, true, func(ctx context.Context, m *storage.Meeting) {
		b.tellInvitees(ctx, told, m)
		what := "changed"
		if !told.changedStart().IsZero() {
			what = "moved"
		}
		b.tellHost(ctx, m, fmt.Sprintf(":arrows_clockwise: *%s* was %s in Zoom. I've updated its message in Slack and told the invitees.", escapeTopic(m.Topic), what))
	}), nil
}

// changeFromZoom works out what a meeting.updated changes in what the bot
// keeps, and what to tell of it; nothing when nothing we keep changed, or
// for the echo of our own change.
func (b *Bot) changeFromZoom(ctx context.Context, m *storage.Meeting, ev *zoomEvent) (storage.MeetingChange, changeInput, error) {
	if busy, err := b.db.UnfinishedFor(ctx, m.ID, kindMove, kindEdit); err != nil || busy {
		if busy {
			err = fmt.Errorf("meeting %d: a change of the bot's is under way; its echo waits for it", m.ID)
		}
		return storage.MeetingChange{}, changeInput{}, err
	}
	obj := &ev.Payload.Object
	var c storage.MeetingChange
	told := changeInput{MeetingID: m.ID, Before: changeBefore{Start: m.Start, Duration: m.Duration, Topic: m.Topic, Invitees: m.Invitees}}
	if obj.Topic != "" && obj.Topic != plainTopic(m.Topic, nil) {
		c.Topic, told.Topic = &obj.Topic, &obj.Topic
	}
	timed := obj.StartTime != "" || obj.Duration != nil || obj.Timezone != "" || len(obj.Occurrences) > 0 || len(obj.Recurrence) > 0
	switch {
	case timed && m.Recurrence != "":
		if err := b.seriesFromZoom(ctx, m, &c, &told); err != nil {
			return storage.MeetingChange{}, changeInput{}, err
		}
	case timed:
		start, moved := parseZoomTime(obj.StartTime, zoneOr(obj.Timezone, meetingLoc(m)))
		if moved && !start.Equal(m.Start) {
			c.Start, told.Start = start, start
			c.Moved = storage.Move{From: m.Start}
		}
		if obj.Duration != nil && time.Duration(*obj.Duration)*time.Minute != m.Duration {
			c.Duration = time.Duration(*obj.Duration) * time.Minute
			told.Duration = c.Duration
		}
	}
	return c, told, nil
}

// changesNothing: nothing we keep changed, or the echo of our own change.
func changesNothing(c *storage.MeetingChange) bool {
	return c.Topic == nil && c.Start.IsZero() && c.Duration == 0 && c.Occurrences == nil
}

// seriesFromZoom reads a series back from Zoom and sets in c what differs
// from m: its occurrences and rule, and the move to tell (told).
func (b *Bot) seriesFromZoom(ctx context.Context, m *storage.Meeting, c *storage.MeetingChange, told *changeInput) error {
	rctx, cancel := context.WithTimeout(ctx, webhookZoomRead)
	defer cancel()
	zm, err := b.zoom.GetMeeting(rctx, m.ID)
	if err != nil {
		return fmt.Errorf("read series %d back: %w", m.ID, err)
	}
	occ := zoomOccurrences(zm, time.Duration(zm.Duration)*time.Minute)
	same := len(occ) == len(m.Occurrences)
	var movedOne []int
	for i := 0; same && i < len(occ); i++ {
		o, s := occ[i], m.Occurrences[i]
		switch {
		case o.OccurrenceID != s.OccurrenceID || o.Status != s.Status:
			same = false
		case !o.Start.Equal(s.Start) || o.Duration != s.Duration:
			movedOne = append(movedOne, i)
		}
	}
	if same && len(movedOne) == 0 {
		return nil
	}
	c.Occurrences = occ
	if zm.Duration > 0 {
		c.Duration = time.Duration(zm.Duration) * time.Minute
	}
	if r := ruleFromZoom(zm.Recurrence); r != nil && len(occ) > 0 {
		_, st := zoomRecurrence(r, occ[0].Start.In(meetingLoc(m)))
		raw, _ := json.Marshal(st)
		rule := string(raw)
		c.Recurrence = &rule
	}
	if same && len(movedOne) == 1 { // one meeting of the series moved
		i := movedOne[0]
		told.OccurrenceID, told.Before.Start, told.Start = occ[i].OccurrenceID, m.Occurrences[i].Start, occ[i].Start
		if !occ[i].Start.Equal(m.Occurrences[i].Start) {
			c.Moved = storage.Move{From: m.Occurrences[i].Start, OccurrenceID: occ[i].OccurrenceID}
		}
		return nil
	}
	before, okBefore := nextOccurrence(m, b.now())
	after, okAfter := nextOccurrence(&storage.Meeting{Occurrences: occ}, b.now())
	if okBefore && okAfter && !before.Start.Equal(after.Start) {
		told.Before.Start, told.Start = before.Start, after.Start
		c.Moved = storage.Move{From: before.Start}
	}
	return nil
}

func zoneOr(name string, def *time.Location) *time.Location {
	if loc, err := loadZone(name); name != "" && err == nil {
		return loc
	}
	return def
}
