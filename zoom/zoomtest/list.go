package zoomtest

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// meetingBody is a meeting as create (201) and get (200) return it,
// including uuid, host_id and status, which real answers carry.
type meetingBody struct {
	UUID              string           `json:"uuid"`
	ID                int64            `json:"id"`
	HostID            string           `json:"host_id"`
	HostEmail         string           `json:"host_email"`
	Topic             string           `json:"topic"`
	Type              int              `json:"type"`
	Status            string           `json:"status"`
	StartTime         string           `json:"start_time,omitempty"`
	Duration          int              `json:"duration"`
	Timezone          string           `json:"timezone,omitempty"`
	Agenda            string           `json:"agenda,omitempty"`
	CreatedAt         string           `json:"created_at"`
	StartURL          string           `json:"start_url"`
	JoinURL           string           `json:"join_url"`
	Password          string           `json:"password,omitempty"`
	EncryptedPassword string           `json:"encrypted_password,omitempty"`
	PreSchedule       bool             `json:"pre_schedule"`
	Occurrences       []occurrenceBody `json:"occurrences,omitempty"`
	Recurrence        *recurrenceBody  `json:"recurrence,omitempty"`
	Settings          Settings         `json:"settings"`
}

type occurrenceBody struct {
	OccurrenceID string `json:"occurrence_id"`
	StartTime    string `json:"start_time"`
	Duration     int    `json:"duration"`
	Status       string `json:"status"`
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func (s *Server) meetingBodyLocked(m *Meeting) meetingBody {
	b := meetingBody{
		UUID: m.UUID, ID: m.ID, HostID: m.HostID, HostEmail: m.HostEmail, Topic: m.Topic, Type: m.Type,
		Status: m.Status, StartTime: formatTime(m.StartTime), Duration: m.Duration, Timezone: m.Timezone,
		Agenda: m.Agenda, CreatedAt: formatTime(m.CreatedAt), StartURL: s.startURLLocked(m), JoinURL: m.JoinURL,
		Password: m.Password, Recurrence: m.Recurrence.body(), Settings: m.Settings,
	}
	if u, err := url.Parse(m.JoinURL); err == nil {
		b.EncryptedPassword = u.Query().Get("pwd")
	}
	for _, o := range m.Occurrences {
		if o.Status == "available" {
			b.Occurrences = append(b.Occurrences, occurrenceBody{o.ID, formatTime(o.StartTime), o.Duration, o.Status})
		}
	}
	return b
}

// listItem is one entry of GET /users/{userId}/meetings.
type listItem struct {
	UUID      string `json:"uuid"`
	ID        int64  `json:"id"`
	HostID    string `json:"host_id"`
	Topic     string `json:"topic"`
	Type      int    `json:"type"`
	StartTime string `json:"start_time,omitempty"`
	Duration  int    `json:"duration"`
	Timezone  string `json:"timezone,omitempty"`
	Agenda    string `json:"agenda,omitempty"`
	CreatedAt string `json:"created_at"`
	JoinURL   string `json:"join_url"`
}

type listBody struct {
	PageSize      int        `json:"page_size"`
	TotalRecords  int        `json:"total_records"`
	NextPageToken string     `json:"next_page_token"`
	Meetings      []listItem `json:"meetings"`
}

// pageCursor is what a next_page_token stands for.
type pageCursor struct {
	host, kind string
	offset     int
}

var listTypes = []string{"scheduled", "live", "upcoming", "upcoming_meetings", "previous_meetings"}

const maxPageSize = 300

func (s *Server) listMeetingsLocked(userID string, q url.Values) response {
	host := s.findUserLocked(userID)
	if host == nil {
		return hostNotFound(userID)
	}
	kind := cmp.Or(q.Get("type"), "scheduled")
	if !slices.Contains(listTypes, kind) {
		return validationError([]fieldError{{"type", "Invalid field."}})
	}
	size := 30
	if v := q.Get("page_size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n > maxPageSize {
			return validationError([]fieldError{{"page_size", "Invalid field."}})
		}
		if n > 0 {
			size = n
		}
	}
	offset := 0
	if tok := q.Get("next_page_token"); tok != "" {
		c, ok := s.pages[tok]
		if !ok || c.host != host.ID || c.kind != kind {
			return validationError([]fieldError{{"next_page_token", "Invalid field."}})
		}
		offset = c.offset
	}

	now := s.now()
	var items []listItem
	var starts []time.Time
	for _, id := range s.meetingOrder {
		m := s.meetings[id]
		if m.HostID != host.ID || m.Deleted || m.Type == 1 {
			continue // Zoom does not list instant meetings
		}
		start, upcoming := listedStart(m, now)
		var keep bool
		switch kind {
		case "scheduled":
			keep = true
		case "live":
			keep = m.Status == "started"
		case "upcoming", "upcoming_meetings":
			keep = upcoming
		case "previous_meetings":
			keep = !upcoming && m.Status != "started"
		}
		if !keep {
			continue
		}
		agenda := []rune(m.Agenda)
		if len(agenda) > 250 {
			agenda = agenda[:250] // Zoom truncates agendas in lists
		}
		items = append(items, listItem{
			UUID: m.UUID, ID: m.ID, HostID: m.HostID, Topic: m.Topic, Type: m.Type,
			StartTime: formatTime(start), Duration: m.Duration, Timezone: m.Timezone,
			Agenda: string(agenda), CreatedAt: formatTime(m.CreatedAt), JoinURL: m.JoinURL,
		})
		starts = append(starts, start)
	}
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	// By start time, meetings without one (type 3) last.
	slices.SortStableFunc(order, func(a, b int) int {
		za, zb := starts[a].IsZero(), starts[b].IsZero()
		if za != zb {
			if za {
				return 1
			}
			return -1
		}
		return starts[a].Compare(starts[b])
	})
	body := listBody{PageSize: size, TotalRecords: len(items), Meetings: []listItem{}}
	for i := offset; i < len(order) && i < offset+size; i++ {
		body.Meetings = append(body.Meetings, items[order[i]])
	}
	if offset+size < len(items) {
		body.NextPageToken = randomString(24)
		s.pages[body.NextPageToken] = pageCursor{host: host.ID, kind: kind, offset: offset + size}
	}
	return jsonResponse(http.StatusOK, body)
}

// listedStart is the start a list shows (a recurring meeting's next
// available occurrence) and whether the meeting is still ahead: live, not
// yet over, or without a fixed time.
func listedStart(m *Meeting, now time.Time) (time.Time, bool) {
	over := func(start time.Time) bool {
		return !start.Add(time.Duration(m.Duration) * time.Minute).After(now)
	}
	switch {
	case m.Status == "started":
		return m.StartTime, true
	case m.Ended:
		return m.StartTime, false
	case m.Type == 3:
		return time.Time{}, true
	case m.Type == 8:
		for _, o := range m.Occurrences {
			if o.Status == "available" && !over(o.StartTime) {
				return o.StartTime, true
			}
		}
		return m.StartTime, false
	}
	return m.StartTime, !over(m.StartTime)
}
