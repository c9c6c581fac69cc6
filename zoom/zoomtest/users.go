package zoomtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// AddUser stores a pre-existing Zoom user and returns it as stored: an
// empty ID is generated (22 URL-safe chars, like Zoom's), Type 0 becomes 1,
// an empty Status becomes "active" and a zero CreatedAt becomes Now.
func (s *Server) AddUser(u User) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.initLocked()
	return *s.addUserLocked(u)
}

func (s *Server) addUserLocked(u User) *User {
	if u.ID == "" {
		u.ID = randomString(16) // 16 bytes are 22 base64 chars
	}
	if u.Type == 0 {
		u.Type = 1
	}
	if u.Status == "" {
		u.Status = "active"
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = s.now().UTC().Truncate(time.Second)
	}
	if u.PMI == 0 {
		u.PMI = 1_000_000_000 + rand.Int64N(9_000_000_000)
	}
	p := &u
	s.users = append(s.users, p)
	s.usersByID[p.ID] = p
	if key := strings.ToLower(p.Email); s.usersByEmail[key] == nil {
		s.usersByEmail[key] = p
	}
	return p
}

// Users returns the stored users in creation order.
func (s *Server) Users() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]User, len(s.users))
	for i, u := range s.users {
		out[i] = *u
	}
	return out
}

// findUserLocked finds a user by id, or by email case-insensitively, as
// Zoom's {userId} path parameter allows.
func (s *Server) findUserLocked(idOrEmail string) *User {
	if u := s.usersByID[idOrEmail]; u != nil {
		return u
	}
	return s.usersByEmail[strings.ToLower(idOrEmail)]
}

type createUserRequest struct {
	Action   *string `json:"action"`
	UserInfo *struct {
		Email     *string `json:"email"`
		Type      *int    `json:"type"`
		FirstName string  `json:"first_name"`
		LastName  string  `json:"last_name"`
	} `json:"user_info"`
}

// createdUser is exactly what Zoom's 201 carries.
type createdUser struct {
	ID        string `json:"id"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Email     string `json:"email"`
	Type      int    `json:"type"`
}

var userActions = map[string]bool{"create": true, "autoCreate": true, "custCreate": true, "ssoCreate": true}

func (s *Server) createUserLocked(body []byte) response {
	var req createUserRequest
	if resp, ok := decodeObject(body, &req); !ok {
		return resp
	}
	var bad []fieldError
	if req.Action == nil || !userActions[*req.Action] {
		bad = append(bad, fieldError{"action", "Invalid field."})
	}
	if req.UserInfo == nil {
		return validationError(append(bad, fieldError{"user_info", "Required field."}))
	}
	ui := req.UserInfo
	if ui.Email == nil || !validEmail(*ui.Email) || len(*ui.Email) > 128 {
		bad = append(bad, fieldError{"user_info.email", "Invalid field."})
	}
	if ui.Type == nil || (*ui.Type != 1 && *ui.Type != 2) {
		bad = append(bad, fieldError{"user_info.type", "Invalid field."})
	}
	if utf8.RuneCountInString(ui.FirstName) > 64 {
		bad = append(bad, fieldError{"user_info.first_name", "Invalid field."})
	}
	if utf8.RuneCountInString(ui.LastName) > 64 {
		bad = append(bad, fieldError{"user_info.last_name", "Invalid field."})
	}
	if len(bad) > 0 {
		return validationError(bad)
	}
	// Zoom does not document custCreate's refusal without an ISV plan;
	// 400/200 "No privilege." is its generic permission error (UNVERIFIED).
	if *req.Action == "custCreate" && s.NoISVPlan {
		return zoomError(http.StatusBadRequest, 200, "No privilege.", nil)
	}
	if s.findUserLocked(*ui.Email) != nil {
		return zoomError(http.StatusConflict, 1005, fmt.Sprintf("Email %q has already been used.", *ui.Email), nil)
	}
	status := "active"
	if *req.Action == "create" {
		status = "pending" // until the invitee confirms by email
	}
	u := s.addUserLocked(User{
		Email: *ui.Email, FirstName: ui.FirstName, LastName: ui.LastName, Type: *ui.Type,
		CustCreated: *req.Action == "custCreate", Status: status,
	})
	return jsonResponse(http.StatusCreated, createdUser{u.ID, u.FirstName, u.LastName, u.Email, u.Type})
}

// userBody is GET /users/{userId}'s 200: the fields a real answer has
// that the fake can fill meaningfully.
type userBody struct {
	ID                 string `json:"id"`
	FirstName          string `json:"first_name"`
	LastName           string `json:"last_name"`
	DisplayName        string `json:"display_name"`
	Email              string `json:"email"`
	Type               int    `json:"type"`
	PMI                int64  `json:"pmi"`
	UsePMI             bool   `json:"use_pmi"`
	PersonalMeetingURL string `json:"personal_meeting_url"`
	Timezone           string `json:"timezone"`
	Verified           int    `json:"verified"`
	CreatedAt          string `json:"created_at"`
	Status             string `json:"status"`
	RoleName           string `json:"role_name"`
	Language           string `json:"language"`
}

func (s *Server) getUserLocked(idOrEmail string) response {
	u := s.findUserLocked(idOrEmail)
	if u == nil {
		return zoomError(http.StatusNotFound, 1001, "User does not exist: "+idOrEmail+".", nil)
	}
	return jsonResponse(http.StatusOK, userBody{
		ID: u.ID, FirstName: u.FirstName, LastName: u.LastName,
		DisplayName: strings.TrimSpace(u.FirstName + " " + u.LastName),
		Email:       u.Email, Type: u.Type, PMI: u.PMI,
		PersonalMeetingURL: fmt.Sprintf("%s/j/%d", s.baseURL(), u.PMI),
		Timezone:           s.accountZone(), CreatedAt: u.CreatedAt.UTC().Format(time.RFC3339),
		Status: u.Status, RoleName: "Member", Language: "en-US",
	})
}

// validEmail accepts what Zoom accepts: a bare address with a dotted domain.
func validEmail(e string) bool {
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || a.Name != "" {
		return false
	}
	_, domain, _ := strings.Cut(e, "@")
	return strings.Contains(domain, ".") && !strings.HasSuffix(domain, ".")
}

const msgBadJSON = "Request Body should be a valid JSON object."

// decodeObject decodes a JSON object body into v. A body that is not an
// object gets Zoom's bad-JSON 400/300; a field of the wrong type gets a
// validation error naming it.
func decodeObject(body []byte, v any) (response, bool) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' || !json.Valid(trimmed) {
		return zoomError(http.StatusBadRequest, 300, msgBadJSON, nil), false
	}
	if err := json.Unmarshal(trimmed, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return validationError([]fieldError{{te.Field, "Invalid field."}}), false
		}
		return zoomError(http.StatusBadRequest, 300, msgBadJSON, nil), false
	}
	return response{}, true
}
