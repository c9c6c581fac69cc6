package zoom

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
)

// Values of ListMeetings' listType.
const (
	ListScheduled        = "scheduled"
	ListLive             = "live"
	ListUpcoming         = "upcoming"
	ListUpcomingMeetings = "upcoming_meetings"
	ListPreviousMeetings = "previous_meetings"
)

var errNilRequest = errors.New("zoom: nil MeetingRequest")

// listPageSize is Zoom's maximum page size for meeting lists.
const listPageSize = 300

// userPath returns users/{id}/suffix; an empty id would silently hit another
// route (GET /users lists all users).
func userPath(userID, suffix string) (string, error) {
	if userID == "" {
		return "", errors.New("zoom: empty user id")
	}
	return "users/" + url.PathEscape(userID) + suffix, nil
}

func meetingPath(id int64) string { return "meetings/" + strconv.FormatInt(id, 10) }

// CreateMeeting schedules a meeting for the user with id or email userID and
// returns it, with its start_url. Zoom allows 100 creates and updates per
// host per UTC day (IsDailyLimit). A failure that Zoom may have processed
// wraps ErrOutcomeUnknown; it is never retried.
//
// Zoom API docs: https://developers.zoom.us/docs/api/meetings/#tag/meetings/POST/users/{userId}/meetings
func (c *Client) CreateMeeting(ctx context.Context, userID string, mr *MeetingRequest) (*Meeting, error) {
	if mr == nil {
		return nil, errNilRequest
	}
	path, err := userPath(userID, "/meetings")
	if err != nil {
		return nil, err
	}
	req, err := c.newRequest(ctx, epCreateMeeting, path, mr)
	if err != nil {
		return nil, err
	}
	m := new(Meeting)
	if err := c.do(ctx, epCreateMeeting, req, m); err != nil {
		return nil, err
	}
	return m, nil
}

// GetMeeting returns a meeting, with a freshly generated start_url: call it
// before handing out a start link that may have expired. An unknown meeting
// fails with IsNotFound (404, code 3001).
//
// Zoom API docs: https://developers.zoom.us/docs/api/meetings/#tag/meetings/GET/meetings/{meetingId}
func (c *Client) GetMeeting(ctx context.Context, meetingID int64) (*Meeting, error) {
	req, err := c.newRequest(ctx, epGetMeeting, meetingPath(meetingID), nil)
	if err != nil {
		return nil, err
	}
	m := new(Meeting)
	if err := c.do(ctx, epGetMeeting, req, m); err != nil {
		return nil, err
	}
	return m, nil
}

// UpdateMeeting changes the fields set in mr (Zoom merges them into the
// meeting) and answers 204 with no body. With occurrenceID it changes only
// that occurrence of a recurring meeting, and Zoom takes only start_time,
// duration, agenda and some settings then. It counts toward the host's
// daily create/update cap (IsDailyLimit). A started meeting cannot be
// updated (400, code 3000), nor can a start_time in the past be set. A
// failure after the request may have reached Zoom wraps ErrOutcomeUnknown
// and is never retried: read the meeting back (GetMeeting) before sending
// it again. mr.ScheduleFor hands the meeting to another host, which needs
// a scheduling privilege (400, code 3000 without it).
//
// Zoom API docs: https://developers.zoom.us/docs/api/meetings/#tag/meetings/PATCH/meetings/{meetingId}
func (c *Client) UpdateMeeting(ctx context.Context, meetingID int64, occurrenceID string, mr *MeetingRequest) error {
	if mr == nil {
		return errNilRequest
	}
	path := meetingPath(meetingID)
	if occurrenceID != "" {
		path += "?" + url.Values{"occurrence_id": {occurrenceID}}.Encode()
	}
	req, err := c.newRequest(ctx, epUpdateMeeting, path, mr)
	if err != nil {
		return err
	}
	return c.do(ctx, epUpdateMeeting, req, nil)
}

// DeleteMeeting deletes a meeting, or only one occurrence of a recurring
// meeting when occurrenceID is not "". A meeting in progress cannot be
// deleted (400, code 3002).
//
// Zoom API docs: https://developers.zoom.us/docs/api/meetings/#tag/meetings/DELETE/meetings/{meetingId}
func (c *Client) DeleteMeeting(ctx context.Context, meetingID int64, occurrenceID string) error {
	path := meetingPath(meetingID)
	if occurrenceID != "" {
		path += "?" + url.Values{"occurrence_id": {occurrenceID}}.Encode()
	}
	req, err := c.newRequest(ctx, epDeleteMeeting, path, nil)
	if err != nil {
		return err
	}
	return c.do(ctx, epDeleteMeeting, req, nil)
}

// ListMeetings returns all of a user's meetings of listType (a List
// constant; "" means ListUpcoming), following next_page_token. Zoom omits
// instant meetings and truncates agendas to 250 characters.
//
// Zoom API docs: https://developers.zoom.us/docs/api/meetings/#tag/meetings/GET/users/{userId}/meetings
func (c *Client) ListMeetings(ctx context.Context, userID string, listType string) ([]Meeting, error) {
	if listType == "" {
		listType = ListUpcoming
	}
	var all []Meeting
	for page, seen := "", map[string]bool{}; ; {
		q := url.Values{"type": {listType}, "page_size": {strconv.Itoa(listPageSize)}}
		if page != "" {
			q.Set("next_page_token", page)
		}
		path, err := userPath(userID, "/meetings?"+q.Encode())
		if err != nil {
			return nil, err
		}
		req, err := c.newRequest(ctx, epListMeetings, path, nil)
		if err != nil {
			return nil, err
		}
		var p struct {
			NextPageToken string    `json:"next_page_token"`
			Meetings      []Meeting `json:"meetings"`
		}
		if err := c.do(ctx, epListMeetings, req, &p); err != nil {
			return nil, err
		}
		all = append(all, p.Meetings...)
		if p.NextPageToken == "" {
			return all, nil
		}
		if seen[p.NextPageToken] {
			return nil, fmt.Errorf("zoom: %s: next_page_token repeats", epListMeetings.name())
		}
		seen[p.NextPageToken] = true
		page = p.NextPageToken
	}
}
