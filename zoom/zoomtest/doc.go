// Package zoomtest is an in-memory fake of Zoom's REST API and OAuth token
// endpoint that answers with Zoom's JSON and Zoom's error codes. Its zero
// value works. Tests and the offline sandbox use it.
//
// It keeps its own wire types (sharing package zoom's would let a wrong JSON
// tag pass on both sides) and must not import zoom (except in tests), bot,
// storage or testing.
//
// Routes (names as in Call.Route and the Route constants):
//
//	POST   /oauth/token                   S2S OAuth, Basic auth, params in query or form
//	POST   /v2/users                      create, custCreate, ...; 409/1005 duplicate email
//	GET    /v2/users/{userId}             by id or email; 404/1001
//	POST   /v2/users/{userId}/meetings    201; 400/300 with errors[]; 404/1001
//	GET    /v2/users/{userId}/meetings    type filter, page_size ≤ 300, next_page_token
//	GET    /v2/meetings/{meetingId}       fresh start_url each call; 404/3001
//	PATCH  /v2/meetings/{meetingId}       204, fields merged; occurrence_id; schedule_for; 400/3000 while started
//	DELETE /v2/meetings/{meetingId}       204; occurrence_id; 400/3002 started, 400/3007 ended
//	PUT    /v2/meetings/{meetingId}/status  {"action":"end"} → 204
//	GET    /v2/meetings/{meetingId}/meeting_summary     AI Companion summary of an instance (UUID, double-encoded when needed)
//	GET    /v2/past_meetings/{meetingId}/participants   joins of an ended instance; PastParticipantsLag
//
// A meeting's life: StartMeeting, JoinMeeting, EndMeeting, CompleteRecording
// and CompleteSummary change the state as Zoom would and send the webhooks
// Zoom sends (meeting.started, meeting.participant_joined, meeting.ended,
// recording.completed, meeting.summary_completed) to WebhookURL, signed with
// WebhookSecret; Webhooks lists them, DeliverWebhook sends one again.
// WithoutScopes makes routes answer Zoom's missing-scope error.
//
// Anything else answers 404 with a JSON error and is logged with Route "",
// so a test can fail on it; the fake never panics on a request.
//
// Failure injection: FailNext (an error without processing), DropNext
// (processed, then the connection is cut: the unknown-outcome case),
// DelayNext, Latency, SetDown (an outage), ExpireTokens. Limits and
// DailyMeetingCap answer 429 with Zoom's bodies and X-RateLimit-* headers.
//
// Where Zoom's behaviour is not documented the fake picks a plausible
// answer and says so in a comment marked UNVERIFIED.
package zoomtest
