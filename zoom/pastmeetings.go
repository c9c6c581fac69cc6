package zoom

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Routes of what Zoom knows after a meeting (rate-limit labels from Zoom's
// reference: the summary is Light, past participants Medium).
var (
	epGetMeetingSummary   = endpoint{http.MethodGet, "/meetings/{meetingId}/meeting_summary", CategoryLight, http.StatusOK, false}
	epListPastParticipant = endpoint{http.MethodGet, "/past_meetings/{meetingId}/participants", CategoryMedium, http.StatusOK, false}
)

// participantsPageSize is Zoom's maximum page size for past participants.
const participantsPageSize = 300

// instancePath returns prefix/{uuid}/suffix for one meeting instance. "A new
// UUID is generated for each meeting instance"; one that begins with / or
// contains // must be double encoded, or Zoom's gateway decodes it back into
// path separators (Zoom's Get a meeting reference).
func instancePath(prefix, uuid, suffix string) (string, error) {
	if uuid == "" {
		return "", errors.New("zoom: empty meeting UUID")
	}
	seg := url.PathEscape(uuid)
	if strings.HasPrefix(uuid, "/") || strings.Contains(uuid, "//") {
		seg = url.PathEscape(seg)
	}
	return prefix + seg + suffix, nil
}

// SummaryDetail is one labelled paragraph of an AI Companion summary.
type SummaryDetail struct {
	Label   string `json:"label"`
	Summary string `json:"summary"`
}

// EditedSummary is the host's edit of a summary, when there is one.
type EditedSummary struct {
	SummaryDetails string   `json:"summary_details,omitempty"`
	NextSteps      []string `json:"next_steps,omitempty"`
}

// MeetingSummary is a meeting instance's AI Companion summary. Zoom marks
// summary_overview, summary_details and next_steps as legacy fields beside
// the newer summary_content (Markdown); accounts get one or the other.
type MeetingSummary struct {
	MeetingHostID    string          `json:"meeting_host_id"`
	MeetingHostEmail string          `json:"meeting_host_email"`
	MeetingUUID      string          `json:"meeting_uuid"`
	MeetingID        int64           `json:"meeting_id"`
	MeetingTopic     string          `json:"meeting_topic"`
	MeetingStartTime string          `json:"meeting_start_time"`
	MeetingEndTime   string          `json:"meeting_end_time"`
	SummaryTitle     string          `json:"summary_title"`
	SummaryOverview  string          `json:"summary_overview"`
	SummaryDetails   []SummaryDetail `json:"summary_details"`
	NextSteps        []string        `json:"next_steps"`
	EditedSummary    *EditedSummary  `json:"edited_summary,omitempty"`
	SummaryContent   string          `json:"summary_content"`
	SummaryDocURL    string          `json:"summary_doc_url"`
}

// GetMeetingSummary returns the AI Companion summary of one meeting instance,
// named by its UUID (meeting.summary_completed's meeting_uuid). It needs the
// scope meeting_summary:read:admin (granular meeting:read:summary:admin);
// without it Zoom answers IsMissingScope. A meeting with no summary fails
// with IsNotFound.
//
// Zoom API docs: https://developers.zoom.us/docs/api/meetings/#tag/summaries/GET/meetings/{meetingId}/meeting_summary
func (c *Client) GetMeetingSummary(ctx context.Context, meetingUUID string) (*MeetingSummary, error) {
	path, err := instancePath("meetings/", meetingUUID, "/meeting_summary")
	if err != nil {
		return nil, err
	}
	req, err := c.newRequest(ctx, epGetMeetingSummary, path, nil)
	if err != nil {
		return nil, err
	}
	s := new(MeetingSummary)
	if err := c.do(ctx, epGetMeetingSummary, req, s); err != nil {
		return nil, err
	}
	return s, nil
}

// PastParticipant is one join of a past meeting instance: someone who left
// and came back is listed once per join.
type PastParticipant struct {
	ID        string `json:"id"`      // the Zoom user's id; "" for guests
	UserID    string `json:"user_id"` // this join's id within the meeting
	Name      string `json:"name"`
	UserEmail string `json:"user_email"`
	JoinTime  string `json:"join_time"`
	LeaveTime string `json:"leave_time"`
	Duration  int    `json:"duration"` // seconds
}

// Key says who the participant is across joins: the Zoom user id, else the
// e-mail, else the name (guests without an e-mail).
func (p PastParticipant) Key() string {
	switch {
	case p.ID != "":
		return "id:" + p.ID
	case p.UserEmail != "":
		return "email:" + strings.ToLower(p.UserEmail)
	default:
		return "name:" + p.Name
	}
}

// ListPastParticipants returns every join of one ended meeting instance,
// named by its UUID, following next_page_token. Zoom keeps this list only on
// paid plans; it needs the scope meeting:read:admin (granular
// meeting:read:list_past_participants:admin). Right after meeting.ended Zoom
// may not have the list yet and answers IsNotFound.
//
// Zoom API docs: https://developers.zoom.us/docs/api/meetings/#tag/meetings/GET/past_meetings/{meetingId}/participants
func (c *Client) ListPastParticipants(ctx context.Context, meetingUUID string) ([]PastParticipant, error) {
	var all []PastParticipant
	for page, seen := "", map[string]bool{}; ; {
		q := url.Values{"page_size": {strconv.Itoa(participantsPageSize)}}
		if page != "" {
			q.Set("next_page_token", page)
		}
		path, err := instancePath("past_meetings/", meetingUUID, "/participants?"+q.Encode())
		if err != nil {
			return nil, err
		}
		req, err := c.newRequest(ctx, epListPastParticipant, path, nil)
		if err != nil {
			return nil, err
		}
		var p struct {
			NextPageToken string            `json:"next_page_token"`
			Participants  []PastParticipant `json:"participants"`
		}
		if err := c.do(ctx, epListPastParticipant, req, &p); err != nil {
			return nil, err
		}
		all = append(all, p.Participants...)
		if p.NextPageToken == "" {
			return all, nil
		}
		if seen[p.NextPageToken] {
			return nil, fmt.Errorf("zoom: %s: next_page_token repeats", epListPastParticipant.name())
		}
		seen[p.NextPageToken] = true
		page = p.NextPageToken
	}
}

// IsMissingScope reports whether Zoom refused a call because the app's token
// lacks a scope: code 4711 "Invalid access token, does not contain
// scopes:[…]", or 4700 (Zoom's error reference).
func IsMissingScope(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code == 4711 || e.Code == 4700 || strings.Contains(strings.ToLower(e.Message), "does not contain scopes")
}
