package storage

import (
	"database/sql"
	"time"
)

// meetingCols are the meeting columns, aliased m, in meetingScan's order.
const meetingCols = `m.id, m.uuid, m.host_zoom_user_id, m.host_email, m.team_id, m.channel_id,
	m.requester_id, m.topic, m.start_at, m.duration_s, m.timezone, m.join_url, m.passcode,
	m.recurrence, m.status, m.message_channel, m.message_ts, m.created_at, m.updated_at,
	m.cancelled_by, m.cancelled_at, m.started_at, m.ended_at, m.settings, m.moved_from, m.moved_by,
	m.moved_occurrence`

// meetingScan receives the columns that need converting into a Meeting.
type meetingScan struct {
	start, dur, created, updated int64
	status                       string
	cancelled, started, ended    sql.NullInt64
	movedFrom                    sql.NullInt64
}

func (s *meetingScan) dest(m *Meeting) []any {
	return []any{&m.ID, &m.UUID, &m.HostZoomUserID, &m.HostEmail, &m.TeamID, &m.ChannelID,
		&m.RequesterID, &m.Topic, &s.start, &s.dur, &m.Timezone, &m.JoinURL, &m.Passcode,
		&m.Recurrence, &s.status, &m.MessageChannel, &m.MessageTS, &s.created, &s.updated,
		&m.CancelledBy, &s.cancelled, &s.started, &s.ended, &m.Settings, &s.movedFrom, &m.Moved.By,
		&m.Moved.OccurrenceID}
}

func (s *meetingScan) finish(m *Meeting) {
	m.Start = fromUnix(s.start)
	m.Duration = time.Duration(s.dur) * time.Second
	m.Status = MeetingStatus(s.status)
	m.CreatedAt, m.UpdatedAt = fromUnix(s.created), fromUnix(s.updated)
	m.CancelledAt = fromNullUnix(s.cancelled)
	m.StartedAt, m.EndedAt = fromNullUnix(s.started), fromNullUnix(s.ended)
	m.Moved.From = fromNullUnix(s.movedFrom)
}

// occurrenceCols are the occurrence columns, aliased o, in occurrenceScan's order.
const occurrenceCols = `o.meeting_id, o.occurrence_id, o.start_at, o.duration_s, o.status, o.reminder_sent_at`

type occurrenceScan struct {
	start, dur int64
	status     string
	reminded   sql.NullInt64
}

func (s *occurrenceScan) dest(o *Occurrence) []any {
	return []any{&o.MeetingID, &o.OccurrenceID, &s.start, &s.dur, &s.status, &s.reminded}
}

func (s *occurrenceScan) finish(o *Occurrence) {
	o.Start = fromUnix(s.start)
	o.Duration = time.Duration(s.dur) * time.Second
	o.Status = MeetingStatus(s.status)
	o.ReminderSentAt = fromNullUnix(s.reminded)
}
