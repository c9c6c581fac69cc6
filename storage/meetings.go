package storage

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// MeetingStatus is the life-cycle state of a meeting or of one occurrence.
type MeetingStatus string

// The statuses the store accepts; the schema refuses any other.
const (
	StatusScheduled MeetingStatus = "scheduled"
	StatusStarted   MeetingStatus = "started"
	StatusEnded     MeetingStatus = "ended"
	StatusCancelled MeetingStatus = "cancelled"
)

func (s MeetingStatus) valid() bool {
	switch s {
	case StatusScheduled, StatusStarted, StatusEnded, StatusCancelled:
		return true
	}
	return false
}

// Meeting is a Zoom meeting the bot scheduled, with the Slack context it was
// asked from. Start links are secrets that expire: they are never stored, and
// there is deliberately no field for them.
type Meeting struct {
	ID             int64 // Zoom meeting id (primary key)
	UUID           string
	HostZoomUserID string
	HostEmail      string
	TeamID         string // Slack team the request came from
	ChannelID      string // Slack channel the request came from
	RequesterID    string // Slack user who asked
	Topic          string
	Start          time.Time     // first start, UTC, whole seconds
	Duration       time.Duration // whole seconds, at most MaxDuration
	Timezone       string        // IANA zone the meeting was scheduled in
	JoinURL        string
	Passcode       string
	Recurrence     string        // opaque JSON of the rule, "" = not recurring
	Status         MeetingStatus // "" means StatusScheduled on create
	MessageChannel string        // the channel message, for chat.update
	MessageTS      string
	Invitees       []string // Slack user ids invited, in the order given, without repeats
	// Occurrences are the meeting's occurrences ordered by start. For a single
	// meeting CreateMeeting stores one from Start and Duration with
	// OccurrenceID "".
	Occurrences []Occurrence
	CreatedAt   time.Time
	UpdatedAt   time.Time
	CancelledBy string    // Slack user who cancelled
	CancelledAt time.Time // zero unless cancelled
	// StartedAt and EndedAt are when the meeting last actually started and
	// ended, as Zoom reported them (MarkMeetingStarted, MarkMeetingEnded);
	// zero until reported. CreateMeeting ignores them.
	StartedAt, EndedAt time.Time
	// Attended is how many people joined the sitting that ended at
	// EndedAt, as Zoom counted them (SetAttendance); 0 when not known.
	// GetMeeting fills it; CreateMeeting ignores it.
	Attended int
	// Settings are the meeting's Zoom settings as the bot keeps them:
	// opaque JSON, "" when not recorded.
	Settings string
	// Moved is the latest move (ChangeMeeting); its From is zero if the
	// meeting was never moved. CreateMeeting ignores it.
	Moved Move
}

// Move is the latest change of a meeting's time, for the channel message's
// "Moved from … by …".
type Move struct {
	From         time.Time // the start before the move
	By           string    // the Slack user who moved it; "" when moved in Zoom
	OccurrenceID string    // the occurrence moved; "" for the meeting or the whole series
}

// Occurrence is one sitting of a meeting: the only one of a single meeting,
// or one of a recurring meeting's, identified by Zoom's occurrence_id.
type Occurrence struct {
	MeetingID      int64
	OccurrenceID   string // Zoom's occurrence_id (epoch ms as text), "" for a single meeting
	Start          time.Time
	Duration       time.Duration
	Status         MeetingStatus // "" on create: the meeting's status if cancelled, else StatusScheduled
	ReminderSentAt time.Time     // zero until the reminder was sent
}

// End is when the occurrence is scheduled to finish.
func (o Occurrence) End() time.Time { return o.Start.Add(o.Duration) }

func validDuration(d time.Duration) bool { return d >= 0 && d <= MaxDuration }

// normalise validates m and returns the copy that will be stored: UTC whole
// seconds, default statuses, the single occurrence filled in, invitees
// deduplicated.
func normalise(m *Meeting) (Meeting, error) {
	s := *m
	switch {
	case s.ID == 0:
		return s, fmt.Errorf("%w: meeting id is zero", ErrInvalid)
	case s.HostZoomUserID == "":
		return s, fmt.Errorf("%w: meeting %d has no host", ErrInvalid, s.ID)
	case s.Start.IsZero():
		return s, fmt.Errorf("%w: meeting %d has no start", ErrInvalid, s.ID)
	case !validDuration(s.Duration):
		return s, fmt.Errorf("%w: meeting %d lasts %v", ErrInvalid, s.ID, s.Duration)
	}
	if s.Status == "" {
		s.Status = StatusScheduled
	}
	if !s.Status.valid() {
		return s, fmt.Errorf("%w: status %q", ErrInvalid, s.Status)
	}
	s.Start = utcSecond(s.Start)
	s.Duration = s.Duration.Truncate(time.Second)
	s.CancelledAt = utcSecond(s.CancelledAt)
	s.StartedAt, s.EndedAt, s.Attended = time.Time{}, time.Time{}, 0 // only the Mark methods and SetAttendance set them
	s.Moved = Move{}                                                 // only ChangeMeeting sets it

	occ := slices.Clone(s.Occurrences)
	if len(occ) == 0 {
		occ = []Occurrence{{Start: s.Start, Duration: s.Duration, Status: s.Status}}
	}
	seen := make(map[string]bool, len(occ))
	for i := range occ {
		o := &occ[i]
		o.MeetingID = s.ID
		if o.Status == "" {
			o.Status = StatusScheduled
			if s.Status == StatusCancelled {
				o.Status = StatusCancelled
			}
		}
		switch {
		case seen[o.OccurrenceID]:
			return s, fmt.Errorf("%w: occurrence %q repeated", ErrInvalid, o.OccurrenceID)
		case !o.Status.valid():
			return s, fmt.Errorf("%w: occurrence status %q", ErrInvalid, o.Status)
		case o.Start.IsZero():
			return s, fmt.Errorf("%w: occurrence %q has no start", ErrInvalid, o.OccurrenceID)
		case !validDuration(o.Duration):
			return s, fmt.Errorf("%w: occurrence %q lasts %v", ErrInvalid, o.OccurrenceID, o.Duration)
		}
		seen[o.OccurrenceID] = true
		o.Start = utcSecond(o.Start)
		o.Duration = o.Duration.Truncate(time.Second)
		o.ReminderSentAt = utcSecond(o.ReminderSentAt)
	}
	sortOccurrences(occ)
	s.Occurrences = occ

	var inv []string
	for _, u := range s.Invitees {
		if u != "" && !slices.Contains(inv, u) {
			inv = append(inv, u)
		}
	}
	s.Invitees = inv
	return s, nil
}

// sortOccurrences orders as GetMeeting returns them: by start, then id.
func sortOccurrences(occ []Occurrence) {
	slices.SortFunc(occ, func(a, b Occurrence) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.OccurrenceID, b.OccurrenceID)
	})
}

// CreateMeeting stores m with its occurrences and invitees in one transaction
// and updates m to what was stored (see normalise): CreatedAt and UpdatedAt set,
// times in UTC whole seconds, the single occurrence filled in. It returns
// ErrConflict if a meeting with m.ID exists, ErrInvalid if m cannot be stored
// (see ErrInvalid), or the driver's error, wrapped.
func (db *DB) CreateMeeting(ctx context.Context, m *Meeting) error {
	s, err := normalise(m)
	if err != nil {
		return fmt.Errorf("create meeting: %w", err)
	}
	err = db.write(ctx, func(tx *txn, now time.Time) error {
		in, err := prepareInserter(ctx, tx)
		if err != nil {
			return err
		}
		defer in.close()
		s.CreatedAt, s.UpdatedAt = now, now
		return in.insert(ctx, &s)
	})
	if err != nil {
		return fmt.Errorf("create meeting %d: %w", m.ID, err)
	}
	*m = s
	return nil
}

// inserter holds the statements that store a normalised meeting, prepared
// once per transaction so that bulk loads reuse them.
type inserter struct {
	meeting, occurrence, invitee *sql.Stmt
	eng                          *engine
}

func prepareInserter(ctx context.Context, tx *txn) (*inserter, error) {
	in := inserter{eng: tx.eng}
	var err error
	prep := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var st *sql.Stmt
		st, err = tx.PrepareContext(ctx, q)
		return st
	}
	in.meeting = prep(`INSERT INTO meetings (id, uuid, host_zoom_user_id, host_email, team_id, channel_id,
		requester_id, topic, start_at, duration_s, timezone, join_url, passcode, recurrence, status,
		message_channel, message_ts, created_at, updated_at, cancelled_by, cancelled_at, last_end_at, settings)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	in.occurrence = prep(`INSERT INTO occurrences (meeting_id, occurrence_id, host_zoom_user_id,
		start_at, duration_s, status, reminder_sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	in.invitee = prep(`INSERT INTO invitees (meeting_id, slack_user_id) VALUES (?, ?)`)
	if err != nil {
		in.close()
		return nil, fmt.Errorf("prepare: %w", err)
	}
	return &in, nil
}

func (in *inserter) close() {
	for _, st := range []*sql.Stmt{in.meeting, in.occurrence, in.invitee} {
		if st != nil {
			st.Close()
		}
	}
}

// insert stores s, which normalise produced and whose timestamps are set.
func (in *inserter) insert(ctx context.Context, s *Meeting) error {
	_, err := in.meeting.ExecContext(ctx, s.ID, s.UUID, s.HostZoomUserID, s.HostEmail, s.TeamID, s.ChannelID,
		s.RequesterID, s.Topic, toUnix(s.Start), int64(s.Duration/time.Second), s.Timezone, s.JoinURL,
		s.Passcode, s.Recurrence, string(s.Status), s.MessageChannel, s.MessageTS,
		toUnix(s.CreatedAt), toUnix(s.UpdatedAt), s.CancelledBy, toNullUnix(s.CancelledAt), lastEnd(s.Occurrences), s.Settings)
	if in.eng.isUnique(err) {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("insert meeting: %w", err)
	}
	for _, o := range s.Occurrences {
		if _, err := in.occurrence.ExecContext(ctx, s.ID, o.OccurrenceID, s.HostZoomUserID, toUnix(o.Start),
			int64(o.Duration/time.Second), string(o.Status), toNullUnix(o.ReminderSentAt)); err != nil {
			return fmt.Errorf("insert occurrence %q: %w", o.OccurrenceID, err)
		}
	}
	for _, u := range s.Invitees {
		if _, err := in.invitee.ExecContext(ctx, s.ID, u); err != nil {
			return fmt.Errorf("insert invitee: %w", err)
		}
	}
	return nil
}

// lastEnd is the meetings.last_end_at of these occurrences.
func lastEnd(occ []Occurrence) int64 {
	var last int64
	for i, o := range occ {
		if e := toUnix(o.End()); i == 0 || e > last {
			last = e
		}
	}
	return last
}

// GetMeeting returns the meeting with its occurrences (by start) and invitees
// (in the order given). It returns ErrNotFound, or the driver's error, wrapped.
func (db *DB) GetMeeting(ctx context.Context, id int64) (*Meeting, error) {
	var m Meeting
	err := db.read(ctx, func(tx *txn) error {
		var ms meetingScan
		err := tx.QueryRowContext(ctx, `SELECT `+meetingCols+` FROM meetings m WHERE m.id = ?`, id).Scan(ms.dest(&m)...)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		ms.finish(&m)
		if m.Occurrences, err = queryOccurrences(ctx, tx, id); err != nil {
			return err
		}
		if m.Attended, err = queryAttended(ctx, tx, id, m.EndedAt); err != nil {
			return err
		}
		m.Invitees, err = queryInvitees(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("get meeting %d: %w", id, err)
	}
	return &m, nil
}

func queryOccurrences(ctx context.Context, tx *txn, id int64) ([]Occurrence, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+occurrenceCols+` FROM occurrences o
		WHERE o.meeting_id = ? ORDER BY o.start_at, o.occurrence_id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Occurrence
	for rows.Next() {
		var o Occurrence
		var osc occurrenceScan
		if err := rows.Scan(osc.dest(&o)...); err != nil {
			return nil, err
		}
		osc.finish(&o)
		out = append(out, o)
	}
	return out, rows.Err()
}

func queryInvitees(ctx context.Context, tx *txn, id int64) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT slack_user_id FROM invitees WHERE meeting_id = ? ORDER BY rowid`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetMessageRef records the channel message announcing the meeting, so later
// changes can chat.update it and reminders can reply in its thread. It
// returns ErrNotFound, or the driver's error, wrapped.
func (db *DB) SetMessageRef(ctx context.Context, id int64, channel, ts string) error {
	err := db.write(ctx, func(tx *txn, now time.Time) error {
		res, err := tx.ExecContext(ctx, `UPDATE meetings SET message_channel = ?, message_ts = ?, updated_at = ?
			WHERE id = ?`, channel, ts, toUnix(now), id)
		return mustAffect(res, err)
	})
	if err != nil {
		return fmt.Errorf("set message ref %d: %w", id, err)
	}
	return nil
}

// SetMeetingStatus sets the meeting's status. StatusCancelled also records by
// (the Slack user) and the time, and cancels every occurrence that has not
// ended yet, a running one included (Zoom ends it when the meeting is
// deleted); other statuses leave the occurrences alone. It returns
// ErrNotFound, ErrInvalid for an unknown status, or the driver's error,
// wrapped.
func (db *DB) SetMeetingStatus(ctx context.Context, id int64, status MeetingStatus, by string) error {
	if !status.valid() {
		return fmt.Errorf("set meeting status %d: %w: status %q", id, ErrInvalid, status)
	}
	err := db.write(ctx, func(tx *txn, now time.Time) error {
		if status != StatusCancelled {
			res, err := tx.ExecContext(ctx, `UPDATE meetings SET status = ?, updated_at = ? WHERE id = ?`,
				string(status), toUnix(now), id)
			return mustAffect(res, err)
		}
		res, err := tx.ExecContext(ctx, `UPDATE meetings SET status = ?, updated_at = ?,
			cancelled_by = ?, cancelled_at = ? WHERE id = ?`,
			string(status), toUnix(now), by, toUnix(now), id)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE occurrences SET status = 'cancelled'
			WHERE meeting_id = ? AND end_at > ? AND status <> 'cancelled'`, id, toUnix(now))
		return err
	})
	if err != nil {
		return fmt.Errorf("set meeting status %d: %w", id, err)
	}
	return nil
}

// CancelOccurrence cancels one occurrence of a meeting; the meeting and its
// other occurrences keep their status. It returns ErrNotFound when the
// meeting has no such occurrence, or the driver's error, wrapped.
func (db *DB) CancelOccurrence(ctx context.Context, id int64, occurrenceID string) error {
	err := db.write(ctx, func(tx *txn, now time.Time) error {
		res, err := tx.ExecContext(ctx, `UPDATE occurrences SET status = 'cancelled'
			WHERE meeting_id = ? AND occurrence_id = ?`, id, occurrenceID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE meetings SET updated_at = ? WHERE id = ?`, toUnix(now), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("cancel occurrence %d/%q: %w", id, occurrenceID, err)
	}
	return nil
}

// RescheduleMeeting moves a single (not recurring) meeting and its occurrence
// to start for d, and clears the occurrence's ReminderSentAt so the new time
// gets its reminder. It is ChangeMeeting with Start and Duration: it returns
// ErrNotFound, ErrInvalid for a recurring or cancelled meeting, a zero start
// or a duration outside [0, MaxDuration], or the driver's error, wrapped.
func (db *DB) RescheduleMeeting(ctx context.Context, id int64, start time.Time, d time.Duration) error {
	if start.IsZero() || !validDuration(d) {
		return fmt.Errorf("reschedule meeting %d: %w: start %v, duration %v", id, ErrInvalid, start, d)
	}
	return db.ChangeMeeting(ctx, id, MeetingChange{Start: start, Duration: d})
}

// mustAffect turns an UPDATE that matched no row into ErrNotFound.
func mustAffect(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// meetingLock is the lock key of a meeting's read-then-write transactions.
func meetingLock(id int64) string { return "meeting:" + strconv.FormatInt(id, 10) }
