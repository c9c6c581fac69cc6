package zoom

import (
	"context"
	"encoding/json"
	"time"
)

// User create actions (the "action" of POST /users).
const (
	ActionCreate     = "create"     // Zoom emails an invitation
	ActionAutoCreate = "autoCreate" // enterprise accounts with managed domains only
	ActionCustCreate = "custCreate" // API users without a login; needs an ISV/API partner plan
	ActionSSOCreate  = "ssoCreate"  // SSO accounts
)

// User types. Zoom's spec versions disagree on others; send only these.
const (
	UserBasic    = 1
	UserLicensed = 2
)

// UserInfo is the user_info of a create-user request.
type UserInfo struct {
	Email     string `json:"email"`
	Type      int    `json:"type"`
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
}

// User is a Zoom user as returned by create (first five fields only) and get.
type User struct {
	ID                 string    `json:"id"`
	Email              string    `json:"email"`
	FirstName          string    `json:"first_name"`
	LastName           string    `json:"last_name"`
	DisplayName        string    `json:"display_name"`
	Type               int       `json:"type"`
	Status             string    `json:"status"` // pending, active, inactive
	Timezone           string    `json:"timezone"`
	PMI                int64     `json:"pmi"`
	PersonalMeetingURL string    `json:"personal_meeting_url"`
	AccountID          string    `json:"account_id"`
	RoleName           string    `json:"role_name"`
	Language           string    `json:"language"`
	Verified           int       `json:"verified"`
	LoginTypes         []int     `json:"login_types"`
	CreatedAt          time.Time `json:"created_at"`
}

// UnmarshalJSON accepts an empty or missing created_at.
func (u *User) UnmarshalJSON(b []byte) error {
	type alias User
	w := struct {
		*alias
		CreatedAt string `json:"created_at"`
	}{alias: (*alias)(u)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	t, err := parseZoomTime(w.CreatedAt, "")
	u.CreatedAt = t
	return err
}

// CreateUser creates a user; action is one of the Action constants. A
// duplicate email fails with IsEmailTaken. A failure that Zoom may have
// processed wraps ErrOutcomeUnknown.
//
// Zoom API docs: https://developers.zoom.us/docs/api/users/#tag/users/POST/users
func (c *Client) CreateUser(ctx context.Context, action string, info UserInfo) (*User, error) {
	body := struct {
		Action   string   `json:"action"`
		UserInfo UserInfo `json:"user_info"`
	}{action, info}
	req, err := c.newRequest(ctx, epCreateUser, "users", body)
	if err != nil {
		return nil, err
	}
	u := new(User)
	if err := c.do(ctx, epCreateUser, req, u); err != nil {
		return nil, err
	}
	return u, nil
}

// GetUser returns the user with the given id or email. An unknown user fails
// with IsNotFound (404, code 1001).
//
// Zoom API docs: https://developers.zoom.us/docs/api/users/#tag/users/GET/users/{userId}
func (c *Client) GetUser(ctx context.Context, idOrEmail string) (*User, error) {
	path, err := userPath(idOrEmail, "")
	if err != nil {
		return nil, err
	}
	req, err := c.newRequest(ctx, epGetUser, path, nil)
	if err != nil {
		return nil, err
	}
	u := new(User)
	if err := c.do(ctx, epGetUser, req, u); err != nil {
		return nil, err
	}
	return u, nil
}
