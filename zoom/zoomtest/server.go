package zoomtest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	_ "time/tzdata" // meeting time zones must resolve on machines without zoneinfo
)

// Server is a fake Zoom: the OAuth token endpoint (POST /oauth/token) and
// the REST API under /v2. Its zero value works; set the configuration
// fields before the first request and do not change them afterwards.
//
// Typical use:
//
//	s := &zoomtest.Server{}
//	hs := httptest.NewServer(s)
//	// API base hs.URL+"/v2", token URL hs.URL+"/oauth/token"
type Server struct {
	// Chaos, when set, decides a fault for each call that no FailNext or
	// DropNext hook claims, e.g. 20% random 5xx for a fault-injection test.
	// It runs under the server's lock and must not call the Server. nil =
	// no faults.
	Chaos func(route string) Fault

	// AccountID, ClientID and ClientSecret are the Server-to-Server OAuth
	// app's credentials. "" means any value is accepted (but one must be sent).
	AccountID, ClientID, ClientSecret string

	// JWTSecret enables the legacy JWT app type. "" means JWT bearer tokens
	// are refused; otherwise HS256 JWTs signed with it are accepted if
	// their exp is in the future and at most one hour ahead (a millisecond
	// exp would otherwise pass as a date far in the future).
	JWTSecret string
	// JWTKey is the API key a JWT's iss must equal. "" means any iss.
	JWTKey string

	// TokenTTL is the life of issued access tokens. 0 means one hour.
	TokenTTL time.Duration
	// RevokeOldTokens makes each new token invalidate the earlier ones, as
	// Zoom did in 2022-23. false means tokens live until they expire.
	RevokeOldTokens bool

	// Limits are the per-second budgets per rate-limit label. Zero means
	// unlimited.
	Limits Limits
	// DailyMeetingCap is the number of meeting creates plus updates one
	// host may make per UTC day. 0 means Zoom's 100; negative means no cap.
	DailyMeetingCap int

	// NoISVPlan refuses action custCreate with 400/200 "No privilege.", as
	// an account without an ISV/API-partner plan would be refused.
	NoISVPlan bool

	// NoSchedulePrivilege refuses a PATCH whose schedule_for names another
	// host with 400/3000 "You cannot schedule a meeting for …", as Zoom
	// answers an app without the scheduling privilege. false means the
	// meeting is handed to that host.
	NoSchedulePrivilege bool

	// Latency is added to every /v2 call (not to the token endpoint).
	Latency time.Duration

	// Now is the clock. nil means time.Now.
	Now func() time.Time

	// BaseURL is the web host of start and join links. "" means
	// "https://zoom.example.test".
	BaseURL string

	// AccountTimezone is the zone of a local start_time sent without
	// timezone. "" means "UTC".
	AccountTimezone string

	// WebhookURL receives the event notifications of meetings' lives
	// (StartMeeting, JoinMeeting, EndMeeting, CompleteRecording,
	// CompleteSummary), signed with WebhookSecret as Zoom signs them. ""
	// means they are only recorded (Webhooks).
	WebhookURL, WebhookSecret string
	// WebhookClient sends them. nil means a client with a 10 s timeout.
	WebhookClient *http.Client
	// WithoutScopes are scopes the app lacks: a route answers Zoom's
	// missing-scope error (400/4711) when every scope that allows it (its
	// classic and its granular one) is listed. nil means every scope is
	// granted.
	WithoutScopes []string
	// PastParticipantsLag is how long after an instance ends its
	// participant list stays unavailable (404/3001), as Zoom's may be
	// right after meeting.ended. Zero means at once.
	PastParticipantsLag time.Duration

	mu            sync.Mutex
	initialized   bool
	users         []*User
	usersByID     map[string]*User
	usersByEmail  map[string]*User // lower-cased email
	meetings      map[int64]*Meeting
	meetingOrder  []int64
	tokens        map[string]*token
	tokenRequests int
	calls         []Call
	hooks         map[string]*routeHooks
	down          bool
	qps           map[string]qpsWindow
	daily         map[dailyKey]int
	pages         map[string]pageCursor
	zaks          map[string]zak
	zakIssued     int

	instances        []*Instance
	participantPages map[string]participantsCursor
	webhooks         []Webhook
	outbox           []int      // indexes of webhooks not yet sent
	sendMu           sync.Mutex // one delivery at a time, in order
}

// response is what a handler decided, written after the lock is released.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (s *Server) initLocked() {
	if s.initialized {
		return
	}
	s.initialized = true
	s.usersByID = map[string]*User{}
	s.usersByEmail = map[string]*User{}
	s.meetings = map[int64]*Meeting{}
	s.tokens = map[string]*token{}
	s.hooks = map[string]*routeHooks{}
	s.qps = map[string]qpsWindow{}
	s.daily = map[dailyKey]int{}
	s.pages = map[string]pageCursor{}
	s.zaks = map[string]zak{}
	s.participantPages = map[string]participantsCursor{}
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Server) baseURL() string {
	if s.BaseURL != "" {
		return strings.TrimSuffix(s.BaseURL, "/")
	}
	return "https://zoom.example.test"
}

// ServeHTTP serves POST /oauth/token and the /v2 API. Unknown routes get a
// 404 JSON error and are recorded with Route "" for tests to fail on.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	rt, params := matchRoute(r.Method, r.URL.EscapedPath())
	isAPI := r.URL.Path == "/v2" || strings.HasPrefix(r.URL.Path, "/v2/")

	s.mu.Lock()
	s.initLocked()
	idx := len(s.calls)
	s.calls = append(s.calls, Call{
		Method: r.Method, Path: r.URL.Path, Route: rt, Query: r.URL.Query(),
		Body: body, TokenInURL: s.tokenInURLLocked(r.URL.Query()), At: s.now(),
	})
	h := s.takeHooksLocked(rt)
	if isAPI {
		h.delay += s.Latency
	}
	s.mu.Unlock()

	if h.delay > 0 && !sleep(r.Context(), h.delay) {
		return // the client gave up; nothing is processed
	}

	s.mu.Lock()
	var resp response
	switch {
	case isAPI && s.down:
		resp = zoomError(http.StatusServiceUnavailable, 503, "Service Unavailable", nil)
	case h.fail != nil:
		resp = h.fail.response(rt)
	default:
		resp = s.dispatchLocked(r, rt, params, body)
	}
	s.calls[idx].Status = resp.status
	s.calls[idx].Drop = h.drop
	s.mu.Unlock()
	s.flush() // events the call caused (PUT .../status ends a meeting)

	if h.drop {
		cutConnection(w)
		return
	}
	for k, v := range resp.header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.status)
	w.Write(resp.body)
}

// dispatchLocked authenticates, rate-limits and runs the route's handler.
func (s *Server) dispatchLocked(r *http.Request, rt string, params []string, body []byte) response {
	if rt == RouteToken {
		return s.tokenLocked(r, body)
	}
	if rt == "" {
		return zoomError(http.StatusNotFound, 404, "No API route matches "+r.Method+" "+r.URL.Path+".", nil)
	}
	if resp, ok := s.authorizeLocked(r); !ok {
		return resp
	}
	if resp, ok := s.takeQPSLocked(rt); !ok {
		return resp
	}
	if resp, ok := s.scopeLocked(rt); !ok {
		return resp
	}
	switch rt {
	case RouteCreateUser:
		return s.createUserLocked(body)
	case RouteGetUser:
		return s.getUserLocked(params[0])
	case RouteCreateMeeting:
		return s.createMeetingLocked(params[0], body)
	case RouteListMeetings:
		return s.listMeetingsLocked(params[0], r.URL.Query())
	case RouteGetMeeting:
		return s.getMeetingLocked(params[0])
	case RouteUpdateMeeting:
		return s.updateMeetingLocked(params[0], r.URL.Query(), body)
	case RouteDeleteMeeting:
		return s.deleteMeetingLocked(params[0], r.URL.Query())
	case RouteMeetingStatus:
		return s.meetingStatusLocked(params[0], body)
	case RouteMeetingSummary:
		return s.meetingSummaryLocked(r, params[0])
	case RoutePastParticipants:
		return s.pastParticipantsLocked(r, params[0])
	}
	return zoomError(http.StatusNotFound, 404, "No API route matches "+rt+".", nil)
}

// Calls returns a copy of the request log in arrival order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Call, len(s.calls))
	for i, c := range s.calls {
		c.Query = cloneValues(c.Query)
		c.Body = append([]byte(nil), c.Body...)
		out[i] = c
	}
	return out
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// sleep waits d or until ctx ends; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// cutConnection closes the client's connection without a response, so the
// client cannot tell whether the request was processed.
func cutConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	// HTTP/2 cannot be hijacked; aborting the handler resets the stream.
	panic(http.ErrAbortHandler)
}

// fieldError is one entry of a Zoom validation error's errors[].
type fieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

type errorBody struct {
	Code    int          `json:"code"`
	Message string       `json:"message"`
	Errors  []fieldError `json:"errors,omitempty"`
}

// zoomError is Zoom's {"code","message","errors"} error body.
func zoomError(status, code int, msg string, fields []fieldError) response {
	return jsonResponse(status, errorBody{Code: code, Message: msg, Errors: fields})
}

// validationError is Zoom's 400/300 with the offending fields.
func validationError(fields []fieldError) response {
	return zoomError(http.StatusBadRequest, 300, "Validation Failed.", fields)
}

func jsonResponse(status int, v any) response {
	b, err := json.Marshal(v)
	if err != nil {
		return response{status: http.StatusInternalServerError, body: []byte(err.Error())}
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json;charset=UTF-8")
	return response{status: status, header: h, body: b}
}

func noContent() response { return response{status: http.StatusNoContent} }
