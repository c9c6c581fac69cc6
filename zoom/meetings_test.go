package zoom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"sync/atomic"
	"testing"
	"time"
)

func ptr[T any](v T) *T { return &v }

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// createdMeeting is Zoom's documented 201 reply, with an 11-digit id.
const createdMeeting = `{"uuid":"RPrVctdSRxaVmIUTHVUlGQ==","id":82931897821,"host_id":"APv5EPHiSvitxgPAw0DbaQ",
 "host_email":"u123@bot.example.com","topic":"standup","type":2,"status":"waiting","start_time":"2025-03-04T15:00:00Z",
 "duration":30,"timezone":"Europe/Berlin","created_at":"2025-03-01T09:00:00Z",
 "start_url":"https://us05web.zoom.us/s/82931897821?zak=eyJ0","join_url":"https://us05web.zoom.us/j/82931897821?pwd=x",
 "password":"AX2hsd","settings":{"join_before_host":false,"waiting_room":true,"mute_upon_entry":true,"approval_type":2}}`

func TestCreateMeeting(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/users/{userId}/meetings", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		if got := r.PathValue("userId"); got != "u123@bot.example.com" {
			t.Errorf("userId = %q", got)
		}
		testJSONBody(t, r, `{"topic":"standup","type":2,"start_time":"2025-03-04T15:00:00Z","duration":30,
			"timezone":"Europe/Berlin","default_password":true,"agenda":"daily sync",
			"settings":{"join_before_host":false,"waiting_room":true,"mute_upon_entry":true,"approval_type":2,
				"alternative_hosts":"a@x.io;b@x.io","meeting_invitees":[{"email":"c@x.io"}]}}`)
		reply(w, http.StatusCreated, createdMeeting)
	})
	berlin := mustLoad(t, "Europe/Berlin")
	got, err := c.CreateMeeting(context.Background(), "u123@bot.example.com", &MeetingRequest{
		Topic: "standup", Type: MeetingScheduled, Duration: 30, Timezone: "Europe/Berlin", DefaultPassword: true,
		StartTime: time.Date(2025, 3, 4, 16, 0, 0, 0, berlin), // written as UTC
		Agenda:    "daily sync",
		Settings: &Settings{JoinBeforeHost: ptr(false), WaitingRoom: ptr(true), MuteUponEntry: ptr(true),
			ApprovalType: ptr(2), AlternativeHosts: "a@x.io;b@x.io", MeetingInvitees: []Invitee{{Email: "c@x.io"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := &Meeting{UUID: "RPrVctdSRxaVmIUTHVUlGQ==", ID: 82931897821, HostID: "APv5EPHiSvitxgPAw0DbaQ",
		HostEmail: "u123@bot.example.com", Topic: "standup", Type: MeetingScheduled, Status: "waiting",
		StartTime: time.Date(2025, 3, 4, 15, 0, 0, 0, time.UTC), Duration: 30, Timezone: "Europe/Berlin",
		CreatedAt: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC),
		StartURL:  "https://us05web.zoom.us/s/82931897821?zak=eyJ0", JoinURL: "https://us05web.zoom.us/j/82931897821?pwd=x",
		Password: "AX2hsd",
		Settings: &Settings{JoinBeforeHost: ptr(false), WaitingRoom: ptr(true), MuteUponEntry: ptr(true), ApprovalType: ptr(2)}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestMeetingRequestJSON(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	// 09:30 Berlin on the day Europe leaves summer time: offsets differ
	// before and after, so a wrong zone shows up in the wall time.
	start := time.Date(2026, 10, 25, 9, 30, 0, 0, berlin)
	tests := []struct {
		name    string
		req     MeetingRequest
		want    string
		wantErr bool
	}{
		{"empty patch", MeetingRequest{}, `{}`, false},
		{"utc", MeetingRequest{StartTime: start, Timezone: "Europe/Berlin"},
			`{"start_time":"2026-10-25T08:30:00Z","timezone":"Europe/Berlin"}`, false},
		{"local", MeetingRequest{StartTime: start.UTC(), StartTimeLocal: true, Timezone: "Europe/Berlin"},
			`{"start_time":"2026-10-25T09:30:00","timezone":"Europe/Berlin"}`, false},
		{"local without zone", MeetingRequest{StartTime: start, StartTimeLocal: true}, ``, true},
		{"local bad zone", MeetingRequest{StartTime: start, StartTimeLocal: true, Timezone: "Mars/Olympus"}, ``, true},
		{"recurring type 8", MeetingRequest{Topic: "retro", Type: MeetingRecurring, StartTime: start, Duration: 45,
			Password: "a@-_*9", Recurrence: &Recurrence{Type: RecurWeekly, RepeatInterval: 1, WeeklyDays: "2,4",
				EndDateTime: time.Date(2026, 12, 31, 23, 0, 0, 0, berlin)}},
			`{"topic":"retro","type":8,"start_time":"2026-10-25T08:30:00Z","duration":45,"password":"a@-_*9",
			  "recurrence":{"type":2,"repeat_interval":1,"weekly_days":"2,4","end_date_time":"2026-12-31T22:00:00Z"}}`, false},
		{"monthly last friday, end times", MeetingRequest{Type: MeetingRecurring, Recurrence: &Recurrence{
			Type: RecurMonthly, MonthlyWeek: -1, MonthlyWeekDay: 6, EndTimes: 12}},
			`{"type":8,"recurrence":{"type":3,"monthly_week":-1,"monthly_week_day":6,"end_times":12}}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.req)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if !tt.wantErr {
				assertJSONEqual(t, b, tt.want)
			}
		})
	}
}

func TestMeetingDecode(t *testing.T) {
	la := mustLoad(t, "America/Los_Angeles")
	tests := []struct {
		name string
		body string
		want Meeting
	}{
		{"utc start, id beyond int32 and 10 digits", `{"id":98765432101,"start_time":"2026-03-08T10:00:00Z","timezone":"America/Los_Angeles"}`,
			Meeting{ID: 98765432101, StartTime: time.Date(2026, 3, 8, 10, 0, 0, 0, time.UTC), Timezone: "America/Los_Angeles"}},
		{"local start in timezone", `{"id":1,"start_time":"2026-03-08T10:00:00","timezone":"America/Los_Angeles"}`,
			Meeting{ID: 1, StartTime: time.Date(2026, 3, 8, 10, 0, 0, 0, la), Timezone: "America/Los_Angeles"}},
		{"instant without start", `{"id":2,"type":1,"start_time":"","created_at":""}`, Meeting{ID: 2, Type: MeetingInstant}},
		{"type 8 with recurrence and occurrences", `{"id":3,"type":8,"timezone":"UTC",
			"recurrence":{"type":1,"repeat_interval":2,"end_times":3},
			"occurrences":[{"occurrence_id":"1772964000000","start_time":"2026-03-08T10:00:00Z","duration":30,"status":"available"}]}`,
			Meeting{ID: 3, Type: MeetingRecurring, Timezone: "UTC",
				Recurrence: &Recurrence{Type: RecurDaily, RepeatInterval: 2, EndTimes: 3},
				Occurrences: []Occurrence{{OccurrenceID: "1772964000000", StartTime: time.Date(2026, 3, 8, 10, 0, 0, 0, time.UTC),
					Duration: 30, Status: "available"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Meeting
			if err := got.UnmarshalJSON([]byte(tt.body)); err != nil {
				t.Fatal(err)
			}
			if !got.StartTime.Equal(tt.want.StartTime) {
				t.Errorf("start = %v, want %v", got.StartTime, tt.want.StartTime)
			}
			got.StartTime, tt.want.StartTime = time.Time{}, time.Time{}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
	var m Meeting
	if err := m.UnmarshalJSON([]byte(`{"start_time":"2026-03-08T10:00:00","timezone":"Mars/Olympus"}`)); err == nil {
		t.Error("unknown timezone: no error")
	}
}

func TestGetMeeting(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/meetings/{id}", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		if got := r.PathValue("id"); got != "82931897821" {
			t.Errorf("id = %s", got)
		}
		reply(w, http.StatusOK, createdMeeting)
	})
	m, err := c.GetMeeting(context.Background(), 82931897821)
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != 82931897821 || m.StartURL == "" || m.Status != "waiting" {
		t.Errorf("got %+v", m)
	}
}

func TestUpdateMeeting(t *testing.T) {
	start := time.Date(2026, 12, 14, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		name, occurrence string
		req              *MeetingRequest
		wantBody         string
		wantQuery        map[string]string
	}{
		{"fields", "", &MeetingRequest{Topic: "renamed", Duration: 60},
			`{"topic":"renamed","duration":60}`, map[string]string{}},
		{"one occurrence", "1797260400000", &MeetingRequest{StartTime: start, Duration: 45},
			`{"start_time":"2026-12-14T15:00:00Z","duration":45}`, map[string]string{"occurrence_id": "1797260400000"}},
		{"local time with its zone", "", &MeetingRequest{StartTime: start, StartTimeLocal: true, Timezone: "Europe/Berlin"},
			`{"start_time":"2026-12-14T16:00:00","timezone":"Europe/Berlin"}`, map[string]string{}},
		{"another host", "", &MeetingRequest{ScheduleFor: "pool2@example.com"},
			`{"schedule_for":"pool2@example.com"}`, map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			mux.HandleFunc("/meetings/{id}", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodPatch)
				if got := r.PathValue("id"); got != "12345678901" {
					t.Errorf("id = %s", got)
				}
				testQuery(t, r, tt.wantQuery)
				testJSONBody(t, r, tt.wantBody)
				w.WriteHeader(http.StatusNoContent)
			})
			if err := c.UpdateMeeting(context.Background(), 12345678901, tt.occurrence, tt.req); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestUpdateOutcomeUnknown: a PATCH that failed after it may have reached
// Zoom is not retried blind; the error says the outcome is unknown, so
// the caller reads the meeting back first.
func TestUpdateOutcomeUnknown(t *testing.T) {
	for _, status := range []int{500, 502} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			c, mux := setup(t)
			var n atomic.Int32
			mux.HandleFunc("/meetings/{id}", func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				reply(w, status, `{"code":500,"message":"oops"}`)
			})
			err := c.UpdateMeeting(context.Background(), 1, "", &MeetingRequest{Topic: "x"})
			if !errors.Is(err, ErrOutcomeUnknown) {
				t.Errorf("err = %v, want ErrOutcomeUnknown", err)
			}
			if n.Load() != 1 {
				t.Errorf("calls = %d, want 1 (no blind retry)", n.Load())
			}
		})
	}
}

func TestDeleteMeeting(t *testing.T) {
	tests := []struct {
		name, occurrence string
		wantQuery        map[string]string
	}{
		{"whole meeting", "", map[string]string{}},
		{"one occurrence", "1772964000000", map[string]string{"occurrence_id": "1772964000000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			mux.HandleFunc("/meetings/{id}", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodDelete)
				testQuery(t, r, tt.wantQuery)
				w.WriteHeader(http.StatusNoContent)
			})
			if err := c.DeleteMeeting(context.Background(), 85746065123, tt.occurrence); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestMeetingErrors(t *testing.T) {
	ctx := context.Background()
	calls := map[string]func(c *Client) error{
		"create": func(c *Client) error { _, err := c.CreateMeeting(ctx, "u1", &MeetingRequest{Topic: "x"}); return err },
		"get":    func(c *Client) error { _, err := c.GetMeeting(ctx, 85746065); return err },
		"update": func(c *Client) error { return c.UpdateMeeting(ctx, 85746065, "", &MeetingRequest{Topic: "x"}) },
		"delete": func(c *Client) error { return c.DeleteMeeting(ctx, 85746065, "") },
		"list":   func(c *Client) error { _, err := c.ListMeetings(ctx, "u1", ""); return err },
	}
	tests := []struct {
		call, name   string
		status       int
		body         string
		wantCode     int
		wantNotFound bool
	}{
		{"create", "unknown host", 404, `{"code":1001,"message":"User u1 not exist or not belong to this account."}`, 1001, true},
		{"create", "hosting disabled", 400, `{"code":3161,"message":"Meeting hosting and scheduling capabilities are not allowed for your user account."}`, 3161, false},
		{"create", "validation", 400, `{"code":300,"message":"Validation Failed.","errors":[{"field":"password","message":"Invalid field."}]}`, 300, false},
		{"get", "no meeting", 404, `{"code":3001,"message":"Meeting does not exist: 85746065."}`, 3001, true},
		{"update", "started", 400, `{"code":3000,"message":"You cannot update or delete meetings that have started using this method."}`, 3000, false},
		{"update", "no meeting", 404, `{"code":3001,"message":"Meeting does not exist: 85746065."}`, 3001, true},
		{"delete", "in progress", 400, `{"code":3002,"message":"Sorry, you cannot delete this meeting since it is in progress."}`, 3002, false},
		{"delete", "no meeting", 404, `{"code":3001,"message":"Meeting does not exist: 85746065."}`, 3001, true},
		{"list", "unknown host", 404, `{"code":1001,"message":"User does not exist: u1."}`, 1001, true},
	}
	for _, tt := range tests {
		t.Run(tt.call+"/"+tt.name, func(t *testing.T) {
			c, mux := setup(t)
			n := 0
			handler := func(w http.ResponseWriter, r *http.Request) { n++; reply(w, tt.status, tt.body) }
			mux.HandleFunc("/users/{userId}/meetings", handler)
			mux.HandleFunc("/meetings/{id}", handler)
			err := calls[tt.call](c)
			var e *Error
			if !errors.As(err, &e) || e.StatusCode != tt.status || e.Code != tt.wantCode || e.Message == "" {
				t.Fatalf("err = %#v, want status %d code %d", err, tt.status, tt.wantCode)
			}
			if IsNotFound(err) != tt.wantNotFound {
				t.Errorf("IsNotFound = %v", !tt.wantNotFound)
			}
			if n != 1 {
				t.Errorf("calls = %d, want 1: 4xx is not retried", n)
			}
		})
	}
}

func TestListMeetingsPages(t *testing.T) {
	c, mux := setup(t)
	pages := map[string]string{
		"":   `{"page_size":300,"total_records":3,"next_page_token":"p2","meetings":[{"id":11111111111,"topic":"a","start_time":"2026-11-28T09:00:00Z"},{"id":22222222222,"topic":"b"}]}`,
		"p2": `{"page_size":300,"total_records":3,"next_page_token":"","meetings":[{"id":33333333333,"topic":"c"}]}`,
	}
	mux.HandleFunc("/users/{userId}/meetings", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		tok := r.URL.Query().Get("next_page_token")
		want := map[string]string{"type": "upcoming", "page_size": "300"}
		if tok != "" {
			want["next_page_token"] = tok
		}
		testQuery(t, r, want)
		reply(w, http.StatusOK, pages[tok])
	})
	got, err := c.ListMeetings(context.Background(), "host@x.io", "")
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, m := range got {
		ids = append(ids, m.ID)
	}
	if want := []int64{11111111111, 22222222222, 33333333333}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
}

func TestListMeetingsRepeatingToken(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/users/{userId}/meetings", func(w http.ResponseWriter, r *http.Request) {
		reply(w, http.StatusOK, `{"next_page_token":"same","meetings":[]}`)
	})
	if _, err := c.ListMeetings(context.Background(), "h", ListScheduled); err == nil {
		t.Fatal("a server repeating its page token must not loop forever")
	}
}

func TestNilMeetingRequest(t *testing.T) {
	c, _ := setup(t) // the catch-all fails the test if anything is sent
	if _, err := c.CreateMeeting(context.Background(), "u1", nil); err == nil {
		t.Error("create with nil request: no error")
	}
	if err := c.UpdateMeeting(context.Background(), 1, "", nil); err == nil {
		t.Error("update with nil request: no error")
	}
}
