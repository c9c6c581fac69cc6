package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// UserMapping links a Slack user to the Zoom user that hosts their meetings.
type UserMapping struct {
	TeamID       string // Slack team (workspace) id
	SlackUserID  string
	ZoomUserID   string
	ZoomEmail    string
	ZoomUserType int // Zoom's user type: 1 basic, 2 licensed, …
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// GetUserMapping returns the mapping of a Slack user. It returns ErrNotFound
// when there is none, or the driver's error, wrapped.
func (db *DB) GetUserMapping(ctx context.Context, teamID, slackUserID string) (*UserMapping, error) {
	m := &UserMapping{TeamID: teamID, SlackUserID: slackUserID}
	var created, updated int64
	err := db.queryRowContext(ctx, `
		SELECT zoom_user_id, zoom_email, zoom_user_type, created_at, updated_at
		FROM user_mappings WHERE team_id = ? AND slack_user_id = ?`, teamID, slackUserID).
		Scan(&m.ZoomUserID, &m.ZoomEmail, &m.ZoomUserType, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get user mapping: %w", err)
	}
	m.CreatedAt, m.UpdatedAt = fromUnix(created), fromUnix(updated)
	return m, nil
}

// PutUserMapping inserts or replaces the mapping keyed by (TeamID,
// SlackUserID) and sets m.CreatedAt (kept from the first insert) and
// m.UpdatedAt. It returns ErrInvalid when TeamID, SlackUserID or ZoomUserID is
// empty, or the driver's error, wrapped.
func (db *DB) PutUserMapping(ctx context.Context, m *UserMapping) error {
	if m.TeamID == "" || m.SlackUserID == "" || m.ZoomUserID == "" {
		return fmt.Errorf("put user mapping: %w: team, Slack user and Zoom user are required", ErrInvalid)
	}
	var created int64
	var updated time.Time
	err := db.write(ctx, func(tx *txn, now time.Time) error {
		updated = now
		err := tx.QueryRowContext(ctx, `
			INSERT INTO user_mappings (team_id, slack_user_id, zoom_user_id, zoom_email, zoom_user_type, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (team_id, slack_user_id) DO UPDATE SET
				zoom_user_id = excluded.zoom_user_id,
				zoom_email = excluded.zoom_email,
				zoom_user_type = excluded.zoom_user_type,
				updated_at = excluded.updated_at
			RETURNING created_at`,
			m.TeamID, m.SlackUserID, m.ZoomUserID, m.ZoomEmail, m.ZoomUserType, toUnix(now), toUnix(now)).Scan(&created)
		if err != nil {
			return fmt.Errorf("put user mapping: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	m.CreatedAt, m.UpdatedAt = fromUnix(created), updated
	return nil
}
