package zoomtest

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// routeScopes are the scopes a route needs beyond meeting:read: a token
// with neither the classic nor the granular one is refused (Zoom's
// reference lists both for each route).
var routeScopes = map[string][]string{
	RouteMeetingSummary:   {"meeting_summary:read:admin", "meeting:read:summary:admin"},
	RoutePastParticipants: {"meeting:read:admin", "meeting:read:list_past_participants:admin"},
}

// scopeLocked answers Zoom's missing-scope error when WithoutScopes holds
// every scope that would allow the route.
func (s *Server) scopeLocked(route string) (response, bool) {
	need := routeScopes[route]
	if len(need) == 0 {
		return response{}, true
	}
	for _, sc := range need {
		if !slices.Contains(s.WithoutScopes, sc) {
			return response{}, true
		}
	}
	// Zoom's code, text and status: a 400, as a public report shows
	// (JubaerHossain/zoom-laravel#15: GET /users, "400 Bad Request",
	// {"code":4711,"message":"Invalid access token, does not contain
	// scopes:[user:read:list_users:admin]."}).
	return zoomError(http.StatusBadRequest, 4711, "Invalid access token, does not contain scopes:["+strings.Join(need, ", ")+"].", nil), false
}

// instanceParam decodes a {meetingId} that names an instance by UUID. A
// UUID that begins with / or holds // must come double encoded: Zoom's
// gateway decodes the path once before routing, so a single encoding turns
// it back into path separators and no route matches (UNVERIFIED: the
// answer is then this fake's unknown-route 404). ok is false for that case.
func instanceParam(raw string) (id string, ok bool) {
	if strings.Contains(raw, "%") {
		dec, err := url.PathUnescape(raw)
		if err != nil {
			return "", false
		}
		return dec, true
	}
	return raw, !strings.HasPrefix(raw, "/") && !strings.Contains(raw, "//")
}

func noRoute(r *http.Request) response {
	return zoomError(http.StatusNotFound, 404, "No API route matches "+r.Method+" "+r.URL.Path+".", nil)
}

// meetingSummaryLocked is GET /meetings/{meetingId}/meeting_summary: the
// AI Companion summary of an instance (by UUID, or a meeting's latest).
func (s *Server) meetingSummaryLocked(r *http.Request, param string) response {
	id, ok := instanceParam(param)
	if !ok {
		return noRoute(r)
	}
	in := s.instanceLocked(id)
	if in == nil {
		return zoomError(http.StatusNotFound, 3001, "Meeting does not exist: "+id+".", nil)
	}
	if in.Summary == nil { // the code and text are UNVERIFIED
		return zoomError(http.StatusNotFound, 3322, "Meeting summary does not exist.", nil)
	}
	m := s.meetings[in.MeetingID]
	return jsonResponse(http.StatusOK, summaryBody{
		summaryObject: summaryEvent(m, in), SummaryContent: in.Summary.Content, SummaryDocURL: in.Summary.DocURL,
	})
}

type summaryBody struct {
	summaryObject
	SummaryContent string `json:"summary_content,omitempty"`
	SummaryDocURL  string `json:"summary_doc_url,omitempty"`
}

type pastParticipant struct {
	ID        string `json:"id"`
	UserID    string `json:"user_id"`
	Name      string `json:"name"`
	UserEmail string `json:"user_email"`
	JoinTime  string `json:"join_time"`
	LeaveTime string `json:"leave_time"`
	Duration  int    `json:"duration"`
	Status    string `json:"status"`
}

type pastParticipantsBody struct {
	PageCount     int               `json:"page_count"`
	PageSize      int               `json:"page_size"`
	TotalRecords  int               `json:"total_records"`
	NextPageToken string            `json:"next_page_token"`
	Participants  []pastParticipant `json:"participants"`
}

// participantsCursor is what a past-participants next_page_token stands for.
type participantsCursor struct {
	uuid   string
	offset int
}

// pastParticipantsLocked is GET /past_meetings/{meetingId}/participants:
// every join of an ended instance, 30 a page unless page_size says (≤ 300).
// An instance that has not ended, or ended less than PastParticipantsLag
// ago, is not a past meeting yet: 404/3001.
func (s *Server) pastParticipantsLocked(r *http.Request, param string) response {
	id, ok := instanceParam(param)
	if !ok {
		return noRoute(r)
	}
	q := r.URL.Query()
	in := s.instanceLocked(id)
	if in == nil || in.End.IsZero() || s.now().Before(in.End.Add(s.PastParticipantsLag)) {
		return zoomError(http.StatusNotFound, 3001, "Meeting does not exist: "+id+".", nil)
	}
	size := 30
	if v := q.Get("page_size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPageSize {
			return validationError([]fieldError{{"page_size", "Invalid field."}})
		}
		size = n
	}
	offset := 0
	if tok := q.Get("next_page_token"); tok != "" {
		c, ok := s.participantPages[tok]
		if !ok || c.uuid != in.UUID {
			return validationError([]fieldError{{"next_page_token", "Invalid field."}})
		}
		offset = c.offset
	}
	body := pastParticipantsBody{PageSize: size, TotalRecords: len(in.Participants), Participants: []pastParticipant{}}
	body.PageCount = (len(in.Participants) + size - 1) / size
	end := min(offset+size, len(in.Participants))
	for _, p := range in.Participants[offset:end] {
		body.Participants = append(body.Participants, pastParticipant{
			ID: p.ID, UserID: p.UserID, Name: p.Name, UserEmail: p.Email,
			JoinTime: formatTime(p.JoinTime), LeaveTime: formatTime(p.LeaveTime),
			Duration: int(p.LeaveTime.Sub(p.JoinTime).Seconds()), Status: "in_meeting",
		})
	}
	if end < len(in.Participants) {
		body.NextPageToken = randomString(24)
		s.participantPages[body.NextPageToken] = participantsCursor{uuid: in.UUID, offset: end}
	}
	return jsonResponse(http.StatusOK, body)
}
