package zoomtest

import (
	"net/url"
	"strings"
)

// Route names, as used in Call.Route and by the failure hooks (FailNext,
// DropNext, DelayNext). API routes are written without the /v2 prefix, as
// in Zoom's reference.
const (
	RouteToken         = "POST /oauth/token"
	RouteCreateUser    = "POST /users"
	RouteGetUser       = "GET /users/{userId}"
	RouteCreateMeeting = "POST /users/{userId}/meetings"
	RouteListMeetings  = "GET /users/{userId}/meetings"
	RouteGetMeeting    = "GET /meetings/{meetingId}"
	RouteUpdateMeeting = "PATCH /meetings/{meetingId}"
	RouteDeleteMeeting = "DELETE /meetings/{meetingId}"
	RouteMeetingStatus = "PUT /meetings/{meetingId}/status"

	RouteMeetingSummary   = "GET /meetings/{meetingId}/meeting_summary"
	RoutePastParticipants = "GET /past_meetings/{meetingId}/participants"
)

// routeTable maps a path pattern to its methods; "*" is one path segment.
var routeTable = []struct {
	pattern []string
	methods map[string]string // method -> route name
}{
	{[]string{"oauth", "token"}, map[string]string{"POST": RouteToken}},
	{[]string{"v2", "users"}, map[string]string{"POST": RouteCreateUser}},
	{[]string{"v2", "users", "*"}, map[string]string{"GET": RouteGetUser}},
	{[]string{"v2", "users", "*", "meetings"}, map[string]string{"POST": RouteCreateMeeting, "GET": RouteListMeetings}},
	{[]string{"v2", "meetings", "*"}, map[string]string{"GET": RouteGetMeeting, "PATCH": RouteUpdateMeeting, "DELETE": RouteDeleteMeeting}},
	{[]string{"v2", "meetings", "*", "status"}, map[string]string{"PUT": RouteMeetingStatus}},
	{[]string{"v2", "meetings", "*", "meeting_summary"}, map[string]string{"GET": RouteMeetingSummary}},
	{[]string{"v2", "past_meetings", "*", "participants"}, map[string]string{"GET": RoutePastParticipants}},
}

// routeCategory is each route's Zoom rate-limit label (zoom-api.md §5).
var routeCategory = map[string]string{
	RouteCreateUser:    "Light",
	RouteGetUser:       "Light",
	RouteCreateMeeting: "Medium",
	RouteListMeetings:  "Medium",
	RouteGetMeeting:    "Light",
	RouteUpdateMeeting: "Light",
	RouteDeleteMeeting: "Light",
	RouteMeetingStatus: "Light",

	RouteMeetingSummary:   "Light",
	RoutePastParticipants: "Medium",
}

// matchRoute returns the route name and the path-unescaped "*" segments,
// or "" for an unknown route. escapedPath keeps %2F inside a segment (an
// email may need it) from splitting the segment.
func matchRoute(method, escapedPath string) (string, []string) {
	segs := strings.Split(strings.TrimPrefix(escapedPath, "/"), "/")
	for _, rt := range routeTable {
		if len(rt.pattern) != len(segs) {
			continue
		}
		var params []string
		ok := true
		for i, p := range rt.pattern {
			seg, err := url.PathUnescape(segs[i])
			if err != nil || seg == "" {
				ok = false
				break
			}
			if p == "*" {
				params = append(params, seg)
			} else if p != seg {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		if name, found := rt.methods[method]; found {
			return name, params
		}
	}
	return "", nil
}
