package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Instance is one sitting of a meeting: Zoom's meeting instance, with its
// own UUID (a recurring meeting has one per occurrence that took place).
type Instance struct {
	UUID      string
	MeetingID int64
	// StartedAt and EndedAt are when it ran, as Zoom reported; zero until
	// reported.
	StartedAt, EndedAt time.Time
	// Participants is how many people joined; -1 until known.
	Participants int
	Recording    Recording // zero URL until Zoom reported one
	// The claims and posts of the after-meeting messages (see ClaimPost);
	// a ts is "" until its message was sent.
	RecordingClaim, SummaryClaim          string
	RecordingTS, RecordingDMTS, SummaryTS string
	CreatedAt, UpdatedAt                  time.Time
}

// Recording is a sitting's cloud recording.
type Recording struct {
	URL      string // Zoom's share_url
	Passcode string // "" for none
	Start    time.Time
	Length   time.Duration // whole seconds
}

// Post names one after-meeting message of a sitting.
type Post string

// The after-meeting messages. A recording is one claim for two messages:
// the thread reply and the host's DM.
const (
	PostRecordingThread Post = "recording_ts"
	PostRecordingDM     Post = "recording_dm_ts"
	PostSummary         Post = "summary_ts"
)

// claimColumn is the claim that covers p.
func (p Post) claimColumn() (string, error) {
	switch p {
	case PostRecordingThread, PostRecordingDM:
		return "recording_claim", nil
	case PostSummary:
		return "summary_claim", nil
	}
	return "", fmt.Errorf("%w: post %q", ErrInvalid, p)
}

const instanceCols = `i.uuid, i.meeting_id, i.started_at, i.ended_at, i.participants, i.recording_url, i.recording_passcode,
	i.recording_start, i.recording_s, i.recording_claim, i.summary_claim, i.recording_ts, i.recording_dm_ts, i.summary_ts,
	i.created_at, i.updated_at`

func scanInstance(row scanner) (*Instance, error) {
	var in Instance
	var started, ended, participants, recStart sql.NullInt64
	var recS, created, updated int64
	err := row.Scan(&in.UUID, &in.MeetingID, &started, &ended, &participants, &in.Recording.URL, &in.Recording.Passcode,
		&recStart, &recS, &in.RecordingClaim, &in.SummaryClaim, &in.RecordingTS, &in.RecordingDMTS, &in.SummaryTS,
		&created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	in.StartedAt, in.EndedAt = fromNullUnix(started), fromNullUnix(ended)
	in.Participants = -1
	if participants.Valid {
		in.Participants = int(participants.Int64)
	}
	in.Recording.Start = fromNullUnix(recStart)
	in.Recording.Length = time.Duration(recS) * time.Second
	in.CreatedAt, in.UpdatedAt = fromUnix(created), fromUnix(updated)
	return &in, nil
}

// NoteInstance records a sitting of meeting meetingID: it adds the row for
// uuid if there is none, and sets when it started and ended where started
// and ended are not zero (a report repeated, or arriving late, changes
// nothing else). It returns ErrNotFound when the meeting does not exist,
// ErrInvalid for an empty uuid, or the driver's error, wrapped.
func (db *DB) NoteInstance(ctx context.Context, meetingID int64, uuid string, started, ended time.Time) error {
	err := db.write(ctx, func(tx *txn, now time.Time) error {
		return upsertInstance(ctx, tx, now, meetingID, uuid, started, ended)
	})
	if err != nil {
		return fmt.Errorf("note instance %d/%q: %w", meetingID, uuid, err)
	}
	return nil
}

func upsertInstance(ctx context.Context, tx *txn, now time.Time, meetingID int64, uuid string, started, ended time.Time) error {
	if uuid == "" {
		return fmt.Errorf("%w: empty instance uuid", ErrInvalid)
	}
	if err := meetingExists(ctx, tx, meetingID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO meeting_instances (uuid, meeting_id, started_at, ended_at, recording_url,
		recording_passcode, recording_s, recording_claim, recording_ts, recording_dm_ts, summary_claim, summary_ts,
		created_at, updated_at) VALUES (?, ?, ?, ?, '', '', 0, '', '', '', '', '', ?, ?)
		ON CONFLICT (uuid) DO UPDATE SET started_at = COALESCE(excluded.started_at, meeting_instances.started_at),
			ended_at = COALESCE(excluded.ended_at, meeting_instances.ended_at), updated_at = excluded.updated_at`,
		uuid, meetingID, toNullUnix(utcSecond(started)), toNullUnix(utcSecond(ended)), toUnix(now), toUnix(now))
	return err
}

// SetRecording records a sitting's cloud recording (Zoom's
// recording.completed), adding the sitting if needed (started may be zero).
// A recording reported again replaces the first report's details. It
// returns ErrNotFound when the meeting does not exist, ErrInvalid for an
// empty uuid or URL, or the driver's error, wrapped.
func (db *DB) SetRecording(ctx context.Context, meetingID int64, uuid string, started time.Time, r Recording) error {
	if r.URL == "" || r.Length < 0 {
		return fmt.Errorf("set recording %d/%q: %w: no URL", meetingID, uuid, ErrInvalid)
	}
	err := db.write(ctx, func(tx *txn, now time.Time) error {
		if err := upsertInstance(ctx, tx, now, meetingID, uuid, started, time.Time{}); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE meeting_instances SET recording_url = ?, recording_passcode = ?,
			recording_start = ?, recording_s = ?, updated_at = ? WHERE uuid = ?`,
			r.URL, r.Passcode, toNullUnix(utcSecond(r.Start)), int64(r.Length/time.Second), toUnix(now), uuid)
		return err
	})
	if err != nil {
		return fmt.Errorf("set recording %d/%q: %w", meetingID, uuid, err)
	}
	return nil
}

// SetAttendance records how many people joined a sitting and reports
// whether that changed what was stored. It returns ErrNotFound when there
// is no such sitting, ErrInvalid for a negative n, or the driver's error,
// wrapped.
func (db *DB) SetAttendance(ctx context.Context, uuid string, n int) (changed bool, err error) {
	if n < 0 {
		return false, fmt.Errorf("set attendance %q: %w: %d people", uuid, ErrInvalid, n)
	}
	err = db.write(ctx, func(tx *txn, now time.Time) error {
		res, err := tx.ExecContext(ctx, `UPDATE meeting_instances SET participants = ?, updated_at = ?
			WHERE uuid = ? AND (participants IS NULL OR participants <> ?)`, n, toUnix(now), uuid, n)
		if err != nil {
			return err
		}
		if k, err := res.RowsAffected(); err != nil || k == 1 {
			changed = k == 1
			return err
		}
		_, err = getInstance(ctx, tx, uuid)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("set attendance %q: %w", uuid, err)
	}
	return changed, nil
}

// GetInstance returns the sitting with that uuid. It returns ErrNotFound,
// or the driver's error, wrapped.
func (db *DB) GetInstance(ctx context.Context, uuid string) (*Instance, error) {
	var in *Instance
	err := db.read(ctx, func(tx *txn) error {
		var err error
		in, err = getInstance(ctx, tx, uuid)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("get instance %q: %w", uuid, err)
	}
	return in, nil
}

func getInstance(ctx context.Context, tx *txn, uuid string) (*Instance, error) {
	return scanInstance(tx.QueryRowContext(ctx, `SELECT `+instanceCols+` FROM meeting_instances i WHERE i.uuid = ?`, uuid))
}

// ClaimPost claims the message p of a sitting for the request claimant (its
// key) and returns the sitting as it now is, or nil when another request
// holds the claim. The claim is one conditional update, so of two requests
// for the same message, in any processes, one gets it; the same request
// gets it again (after a crash, the replica that takes the request over),
// and then sends only the messages whose ts is still "". It returns
// ErrNotFound when there is no such sitting, ErrInvalid for an unknown p, or
// the driver's error, wrapped.
func (db *DB) ClaimPost(ctx context.Context, uuid string, p Post, claimant string) (*Instance, error) {
	col, err := p.claimColumn()
	if err != nil || claimant == "" {
		return nil, fmt.Errorf("claim post %q: %w: post %q by %q", uuid, ErrInvalid, p, claimant)
	}
	var in *Instance
	err = db.write(ctx, func(tx *txn, now time.Time) error {
		res, err := tx.ExecContext(ctx, `UPDATE meeting_instances SET `+col+` = ?1, updated_at = ?2
			WHERE uuid = ?3 AND (`+col+` = '' OR `+col+` = ?1)`, claimant, toUnix(now), uuid)
		if err != nil {
			return err
		}
		k, err := res.RowsAffected()
		if err != nil {
			return err
		}
		got, err := getInstance(ctx, tx, uuid)
		if k == 1 {
			in = got
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("claim post %q %s: %w", uuid, p, err)
	}
	return in, nil
}

// SetPosted records the ts of a sent after-meeting message. It returns
// ErrNotFound when there is no such sitting, ErrInvalid for an unknown p or
// an empty ts, or the driver's error, wrapped.
func (db *DB) SetPosted(ctx context.Context, uuid string, p Post, ts string) error {
	if _, err := p.claimColumn(); err != nil || ts == "" {
		return fmt.Errorf("set posted %q: %w: post %q ts %q", uuid, ErrInvalid, p, ts)
	}
	err := db.write(ctx, func(tx *txn, now time.Time) error {
		res, err := tx.ExecContext(ctx, `UPDATE meeting_instances SET `+string(p)+` = ?, updated_at = ? WHERE uuid = ?`,
			ts, toUnix(now), uuid)
		return mustAffect(res, err)
	})
	if err != nil {
		return fmt.Errorf("set posted %q %s: %w", uuid, p, err)
	}
	return nil
}

// HostRecording is a recording of a meeting someone hosts, for their App
// Home.
type HostRecording struct {
	MeetingID int64
	Topic     string
	Timezone  string
	UUID      string
	StartedAt time.Time // when the sitting started; zero if not reported
	Recording Recording
}

// RecentRecordings returns the recordings of the meetings a Slack user
// asked for (hosts) in a team whose sitting started at or after since
// (sittings with no reported start count by their recording's start),
// newest first, at most limit. It returns the driver's error, wrapped.
func (db *DB) RecentRecordings(ctx context.Context, teamID, slackUserID string, since time.Time, limit int) ([]HostRecording, error) {
	rows, err := db.queryContext(ctx, `SELECT m.id, m.topic, m.timezone, i.uuid, i.started_at, i.recording_url,
		i.recording_passcode, i.recording_start, i.recording_s
		FROM meetings m JOIN meeting_instances i ON i.meeting_id = m.id
		WHERE m.team_id = ? AND m.requester_id = ? AND i.recording_url <> ''
			AND COALESCE(i.started_at, i.recording_start, 0) >= ?
		ORDER BY COALESCE(i.started_at, i.recording_start, 0) DESC, i.uuid LIMIT ?`,
		teamID, slackUserID, toUnix(since), sqlLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("recent recordings: %w", err)
	}
	defer rows.Close()
	var out []HostRecording
	for rows.Next() {
		var r HostRecording
		var started, recStart sql.NullInt64
		var recS int64
		if err := rows.Scan(&r.MeetingID, &r.Topic, &r.Timezone, &r.UUID, &started, &r.Recording.URL,
			&r.Recording.Passcode, &recStart, &recS); err != nil {
			return nil, fmt.Errorf("recent recordings: %w", err)
		}
		r.StartedAt, r.Recording.Start = fromNullUnix(started), fromNullUnix(recStart)
		r.Recording.Length = time.Duration(recS) * time.Second
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("recent recordings: %w", err)
	}
	return out, nil
}

// queryAttended is how many people joined the meeting's sitting that ended
// at endedAt, or 0 when that is not known.
func queryAttended(ctx context.Context, tx *txn, id int64, endedAt time.Time) (int, error) {
	if endedAt.IsZero() {
		return 0, nil
	}
	var n sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT MAX(participants) FROM meeting_instances
		WHERE meeting_id = ? AND ended_at = ?`, id, toUnix(endedAt)).Scan(&n)
	return int(n.Int64), err
}
