package zoomtest

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// Meetings returns every meeting in creation order, deleted ones included
// (with Deleted set).
func (s *Server) Meetings() []Meeting {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Meeting, 0, len(s.meetingOrder))
	for _, id := range s.meetingOrder {
		out = append(out, s.meetings[id].clone())
	}
	return out
}

// Meeting returns the meeting with the given id, deleted or not.
func (s *Server) Meeting(id int64) (Meeting, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.meetings[id]
	if !ok {
		return Meeting{}, false
	}
	return m.clone(), true
}

// StartMeeting starts a meeting, as when its host starts it: a new
// instance opens (its UUID is the meeting's, which then changes when it
// ends) and meeting.started is sent. Zoom then refuses to delete (400/3002)
// or update (400/3000) it. The host's own join is a JoinMeeting.
func (s *Server) StartMeeting(id int64) error {
	s.mu.Lock()
	m, err := s.liveMeetingLocked(id)
	if err == nil {
		m.Status, m.Ended = "started", false
		s.startMeetingLocked(m)
	}
	s.mu.Unlock()
	s.flush()
	return err
}

// EndMeeting ends a meeting: its status is "waiting" again and Ended is
// set, so a delete answers 400/3007. A running instance ends, everyone in
// it leaves, and meeting.ended is sent.
func (s *Server) EndMeeting(id int64) error {
	s.mu.Lock()
	m, err := s.liveMeetingLocked(id)
	if err == nil {
		m.Status, m.Ended = "waiting", true
		s.endMeetingLocked(m)
	}
	s.mu.Unlock()
	s.flush()
	return err
}

func (m *Meeting) clone() Meeting {
	c := *m
	if m.Recurrence != nil {
		r := *m.Recurrence
		c.Recurrence = &r
	}
	c.Occurrences = slices.Clone(m.Occurrences)
	c.Settings.MeetingInvitees = slices.Clone(m.Settings.MeetingInvitees)
	return c
}

// findMeetingLocked parses a {meetingId} and finds a live meeting, or
// answers Zoom's 404/3001.
func (s *Server) findMeetingLocked(idStr string) (*Meeting, response, bool) {
	id, err := strconv.ParseInt(idStr, 10, 64)
	m, ok := s.meetings[id]
	if err != nil || !ok || m.Deleted {
		return nil, zoomError(http.StatusNotFound, 3001, "Meeting does not exist: "+idStr+".", nil), false
	}
	return m, response{}, true
}

func hostNotFound(userID string) response {
	return zoomError(http.StatusNotFound, 1001, "User "+userID+" not exist or not belong to this account.", nil)
}

func (s *Server) createMeetingLocked(userID string, body []byte) response {
	host := s.findUserLocked(userID)
	if host == nil {
		return hostNotFound(userID)
	}
	if resp, ok := s.checkDailyLocked(RouteCreateMeeting, host.ID); !ok {
		return resp
	}
	var req meetingRequest
	if resp, ok := decodeObject(body, &req); !ok {
		return resp
	}
	now := s.now()
	m := &Meeting{Topic: "Zoom Meeting", Type: 2, Timezone: s.accountZone(), Settings: defaultSettings()}
	if bad := s.applyMeeting(m, &req, true, now); len(bad) > 0 {
		return validationError(bad)
	}
	m.ID = s.newMeetingIDLocked()
	m.UUID = base64.StdEncoding.EncodeToString(randomBytes(16))
	m.HostID, m.HostEmail = host.ID, host.Email
	m.Status = "waiting"
	m.CreatedAt = now.UTC().Truncate(time.Second)
	if m.Password == "" {
		m.Password = newPasscode()
	}
	m.JoinURL = s.joinURL(m)
	s.meetings[m.ID] = m
	s.meetingOrder = append(s.meetingOrder, m.ID)
	s.spendDailyLocked(host.ID)
	return jsonResponse(http.StatusCreated, s.meetingBodyLocked(m))
}

func (s *Server) getMeetingLocked(idStr string) response {
	m, resp, ok := s.findMeetingLocked(idStr)
	if !ok {
		return resp
	}
	return jsonResponse(http.StatusOK, s.meetingBodyLocked(m))
}

func (s *Server) deleteMeetingLocked(idStr string, q map[string][]string) response {
	m, resp, ok := s.findMeetingLocked(idStr)
	if !ok {
		return resp
	}
	switch {
	case m.Status == "started":
		return zoomError(http.StatusBadRequest, 3002, "Sorry, you cannot delete this meeting since it is in progress.", nil)
	case m.Ended: // 3007 is documented; its message text is UNVERIFIED
		return zoomError(http.StatusBadRequest, 3007, "Sorry, you cannot delete this meeting since it has ended.", nil)
	}
	if occ := q["occurrence_id"]; len(occ) > 0 && occ[0] != "" {
		i := slices.IndexFunc(m.Occurrences, func(o Occurrence) bool { return o.ID == occ[0] && o.Status == "available" })
		if i < 0 {
			return zoomError(http.StatusBadRequest, 3000, "Invalid occurrence_id.", nil)
		}
		m.Occurrences[i].Status = "deleted"
		return noContent()
	}
	m.Deleted = true
	return noContent()
}

// meetingStatusLocked is PUT /meetings/{id}/status; only "end" is modelled.
func (s *Server) meetingStatusLocked(idStr string, body []byte) response {
	m, resp, ok := s.findMeetingLocked(idStr)
	if !ok {
		return resp
	}
	var req struct {
		Action string `json:"action"`
	}
	if resp, ok := decodeObject(body, &req); !ok {
		return resp
	}
	if req.Action != "end" {
		return validationError([]fieldError{{"action", "Invalid field."}})
	}
	if m.Status == "started" {
		m.Status, m.Ended = "waiting", true
		s.endMeetingLocked(m)
	}
	return noContent()
}

// newMeetingIDLocked returns an unused 11-digit meeting ID.
func (s *Server) newMeetingIDLocked() int64 {
	for {
		id := 10_000_000_000 + mrand.Int64N(90_000_000_000)
		if _, taken := s.meetings[id]; !taken {
			return id
		}
	}
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// newPasscode is a 6-char passcode like the ones Zoom generates.
func newPasscode() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"
	b := randomBytes(6)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func (s *Server) joinURL(m *Meeting) string {
	return fmt.Sprintf("%s/j/%d?pwd=%s", s.baseURL(), m.ID, randomString(24))
}

// Start links expire: "two hours for all regular users", "90 days" for
// custCreate hosts (Zoom's Get a meeting reference).
const (
	startURLLife     = 2 * time.Hour
	startURLLifeCust = 90 * 24 * time.Hour
)

// zak is an issued start link's host key.
type zak struct {
	meetingID int64
	expires   time.Time
}

// startURLLocked is a fresh host link each time, as Zoom's Get a meeting
// gives; it is remembered for CheckStartURL.
func (s *Server) startURLLocked(m *Meeting) string {
	key := randomString(48)
	life := startURLLife
	if host := s.findUserLocked(m.HostID); host != nil && host.CustCreated {
		life = startURLLifeCust
	}
	now := s.now()
	if s.zakIssued++; s.zakIssued%4096 == 0 {
		// A long-running sandbox issues a link per GET; forget dead ones.
		for k, z := range s.zaks {
			if !now.Before(z.expires) {
				delete(s.zaks, k)
			}
		}
	}
	s.zaks[key] = zak{meetingID: m.ID, expires: now.Add(life)}
	return fmt.Sprintf("%s/s/%d?zak=%s", s.baseURL(), m.ID, key)
}

// CheckStartURL tells whether a start_url would still start its meeting:
// it must have been issued here, not have expired (2 h, or 90 days for a
// custCreate host) and its meeting must not be deleted.
func (s *Server) CheckStartURL(startURL string) error {
	u, err := url.Parse(startURL)
	if err != nil {
		return fmt.Errorf("zoomtest: bad start URL: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	z, ok := s.zaks[u.Query().Get("zak")]
	switch {
	case !ok:
		return errors.New("zoomtest: start URL was not issued by this server")
	case !s.now().Before(z.expires):
		return fmt.Errorf("zoomtest: start URL expired at %s", z.expires.UTC().Format(time.RFC3339))
	case s.meetings[z.meetingID] == nil || s.meetings[z.meetingID].Deleted:
		return fmt.Errorf("zoomtest: meeting %d is deleted", z.meetingID)
	}
	return nil
}
