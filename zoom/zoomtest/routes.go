package zoomtest

import (
	"net/url"
	"strings"
)

// Route names, as used in Call.Route and by the failure hooks. API routes
// are written without the /v2 prefix, like Zoom's reference.
const (
	routeToken         = "POST /oauth/token"
	routeCreateUser    = "POST /users"
	routeGetUser       = "GET /users/{userId}"
	routeCreateMeeting = "POST /users/{userId}/meetings"
	routeListMeetings  = "GET /users/{userId}/meetings"
	routeGetMeeting    = "GET /meetings/{meetingId}"
	routeUpdateMeeting = "PATCH /meetings/{meetingId}"
	routeDeleteMeeting = "DELETE /meetings/{meetingId}"
	routeMeetingStatus = "PUT /meetings/{meetingId}/status"
)

// routeTable maps a path pattern to its methods; "*" is one path segment.
var routeTable = []struct {
	pattern []string
	methods map[string]string // method -> route name
}{
	{[]string{"oauth", "token"}, map[string]string{"POST": routeToken}},
	{[]string{"v2", "users"}, map[string]string{"POST": routeCreateUser}},
	{[]string{"v2", "users", "*"}, map[string]string{"GET": routeGetUser}},
	{[]string{"v2", "users", "*", "meetings"}, map[string]string{"POST": routeCreateMeeting, "GET": routeListMeetings}},
	{[]string{"v2", "meetings", "*"}, map[string]string{"GET": routeGetMeeting, "PATCH": routeUpdateMeeting, "DELETE": routeDeleteMeeting}},
	{[]string{"v2", "meetings", "*", "status"}, map[string]string{"PUT": routeMeetingStatus}},
}

// routeCategory is each route's Zoom rate-limit label (zoom-api.md §5).
var routeCategory = map[string]string{
	routeCreateUser:    "Light",
	routeGetUser:       "Light",
	routeCreateMeeting: "Medium",
	routeListMeetings:  "Medium",
	routeGetMeeting:    "Light",
	routeUpdateMeeting: "Light",
	routeDeleteMeeting: "Light",
	routeMeetingStatus: "Light",
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
