package bot

import (
	"context"
	"time"
)

// RunReminders posts "starting in N minutes" in each meeting's thread until
// ctx ends. It is driven by the database, so reminders survive restarts.
func (b *Bot) RunReminders(ctx context.Context) {
	if b.cfg.ReminderLead <= 0 {
		return
	}
	tick := time.NewTicker(b.cfg.ReminderTick)
	defer tick.Stop()
	for {
		if err := b.SendDueReminders(ctx); err != nil && ctx.Err() == nil {
			b.log.ErrorContext(ctx, "reminders", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// SendDueReminders sends the reminders due now: occurrences starting within
// the lead time. A reminder is marked sent before it is posted, so several
// processes or restarts never send one twice; one whose start has already
// passed (late by more than its lead) is skipped.
func (b *Bot) SendDueReminders(ctx context.Context) error {
	// Once marked, a reminder must be posted even if shutdown begins.
	ctx, cancel := detached(ctx, time.Minute)
	defer cancel()
	now := b.now()
	due, err := b.db.DueReminders(ctx, now, now.Add(b.cfg.ReminderLead+time.Second))
	if err != nil {
		return err
	}
	for _, u := range due {
		first, err := b.db.MarkReminderSent(ctx, u.Meeting.ID, u.Occurrence.OccurrenceID)
		if err != nil {
			return err
		}
		if !first {
			continue
		}
		m := u.Meeting
		text, blocks := reminderMessage(&m, u.Occurrence.Start, u.Occurrence.Start.Sub(now))
		if _, err := b.postInThread(ctx, &m, text, blocks); err != nil {
			b.log.WarnContext(ctx, "reminder not posted", "meeting", m.ID, "occurrence", u.Occurrence.OccurrenceID, "err", err)
		}
	}
	return nil
}
