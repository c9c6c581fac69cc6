package zoomtest_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zoombot/zoombot/zoom/zoomtest"
)

func TestCreateMeeting(t *testing.T) {
	s := &zoomtest.Server{BaseURL: "https://zoom.test"}
	h := start(t, s)
	hostID := h.host("host@bot.example.com")
	r := h.do("POST", "/users/HOST@bot.example.com/meetings", map[string]any{
		"topic": "standup", "type": 2, "start_time": "2026-01-20T15:00:00", "timezone": "Europe/Berlin",
		"duration": 30, "agenda": "daily", "settings": map[string]any{"waiting_room": true, "jbh_time": 5,
			"meeting_invitees": []map[string]string{{"email": "x@bot.example.com"}}},
	})
	if r.status != 201 {
		t.Fatalf("status %d: %s", r.status, r.raw)
	}
	j := r.json
	id := int64(j["id"].(float64))
	checks := []struct {
		field string
		ok    bool
	}{
		{"id 11 digits", id >= 1e10 && id < 1e11},
		{"uuid", j["uuid"] != ""},
		{"host_id", j["host_id"] == hostID},
		{"host_email", j["host_email"] == "host@bot.example.com"},
		{"status", j["status"] == "waiting"},
		{"start_time local Berlin -> UTC", j["start_time"] == "2026-01-20T14:00:00Z"},
		{"timezone", j["timezone"] == "Europe/Berlin"},
		{"created_at", j["created_at"] == "2026-01-14T09:00:00Z"},
		{"password 6 chars", len(j["password"].(string)) == 6},
		{"start_url", regexp.MustCompile(fmt.Sprintf(`^https://zoom\.test/s/%d\?zak=[\w-]+$`, id)).MatchString(j["start_url"].(string))},
		{"join_url", regexp.MustCompile(fmt.Sprintf(`^https://zoom\.test/j/%d\?pwd=[\w-]+$`, id)).MatchString(j["join_url"].(string))},
		{"settings kept", j["settings"].(map[string]any)["waiting_room"] == true && j["settings"].(map[string]any)["jbh_time"] == float64(5)},
		{"settings defaulted", j["settings"].(map[string]any)["approval_type"] == float64(2)},
		{"no occurrences", j["occurrences"] == nil},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s wrong in %s", c.field, r.raw)
		}
	}
	m, ok := s.Meeting(id)
	if !ok || m.HostID != hostID || !m.StartTime.Equal(time.Date(2026, 1, 20, 14, 0, 0, 0, time.UTC)) ||
		m.Password != j["password"] || len(m.Settings.MeetingInvitees) != 1 {
		t.Errorf("stored %+v", m)
	}
}

func TestCreateMeetingVariants(t *testing.T) {
	h := start(t, &zoomtest.Server{AccountTimezone: "America/New_York"})
	hostID := h.host("host@bot.example.com")
	tests := []struct {
		name            string
		body            map[string]any
		wantStart       string
		wantTZ          string
		wantPassword    string // "" = generated, 6 chars
		wantOccurrences int
	}{
		{"UTC start", map[string]any{"start_time": "2026-02-01T10:00:00Z"}, "2026-02-01T10:00:00Z", "America/New_York", "", 0},
		{"local start, account zone", map[string]any{"start_time": "2026-02-01T10:00:00"}, "2026-02-01T15:00:00Z", "America/New_York", "", 0},
		{"given password", map[string]any{"start_time": "2026-02-01T10:00:00Z", "password": "a@b_c*d-9"}, "2026-02-01T10:00:00Z", "America/New_York", "a@b_c*d-9", 0},
		{"default_password", map[string]any{"start_time": "2026-02-01T10:00:00Z", "default_password": true}, "2026-02-01T10:00:00Z", "America/New_York", "", 0},
		{"instant", map[string]any{"type": 1}, "2026-01-14T09:00:00Z", "America/New_York", "", 0},
		{"recurring no fixed time", map[string]any{"type": 3}, "", "America/New_York", "", 0},
		{"type 8", map[string]any{"type": 8, "start_time": "2026-02-01T10:00:00Z", "recurrence": map[string]any{"type": 1, "end_times": 3}}, "2026-02-01T10:00:00Z", "America/New_York", "", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.do("POST", "/users/"+hostID+"/meetings", tt.body)
			if r.status != 201 {
				t.Fatalf("%d %s", r.status, r.raw)
			}
			start, _ := r.json["start_time"].(string)
			pw, _ := r.json["password"].(string)
			occ, _ := r.json["occurrences"].([]any)
			if start != tt.wantStart || r.json["timezone"] != tt.wantTZ || len(occ) != tt.wantOccurrences {
				t.Errorf("start %q tz %v occurrences %d; want %q %q %d", start, r.json["timezone"], len(occ), tt.wantStart, tt.wantTZ, tt.wantOccurrences)
			}
			if (tt.wantPassword == "" && len(pw) != 6) || (tt.wantPassword != "" && pw != tt.wantPassword) {
				t.Errorf("password %q, want %q", pw, tt.wantPassword)
			}
		})
	}
}

func TestCreateMeetingErrors(t *testing.T) {
	h := start(t, &zoomtest.Server{})
	hostID := h.host("host@bot.example.com")
	ok := func(extra map[string]any) map[string]any {
		b := map[string]any{"topic": "t", "type": 2, "start_time": "2026-02-01T10:00:00Z"}
		for k, v := range extra {
			b[k] = v
		}
		return b
	}
	rec := func(r map[string]any) map[string]any {
		return ok(map[string]any{"type": 8, "recurrence": r})
	}
	tests := []struct {
		name      string
		body      any
		wantField string
	}{
		{"topic 201", ok(map[string]any{"topic": strings.Repeat("x", 201)}), "topic"},
		{"agenda 2001", ok(map[string]any{"agenda": strings.Repeat("x", 2001)}), "agenda"},
		{"password 11", ok(map[string]any{"password": "12345678901"}), "password"},
		{"password bad char", ok(map[string]any{"password": "abc!"}), "password"},
		{"type 4", ok(map[string]any{"type": 4}), "type"},
		{"scheduled without start", map[string]any{"type": 2}, "start_time"},
		{"start with offset", ok(map[string]any{"start_time": "2026-02-01T10:00:00+01:00"}), "start_time"},
		{"start not a time", ok(map[string]any{"start_time": "tomorrow"}), "start_time"},
		{"bad timezone", ok(map[string]any{"timezone": "Mars/Olympus"}), "timezone"},
		{"negative duration", ok(map[string]any{"duration": -5}), "duration"},
		{"type 8 without recurrence", ok(map[string]any{"type": 8}), "recurrence"},
		{"recurrence without type", rec(map[string]any{"end_times": 2}), "recurrence.type"},
		{"recurrence type 4", rec(map[string]any{"type": 4}), "recurrence.type"},
		{"daily interval 91", rec(map[string]any{"type": 1, "repeat_interval": 91}), "recurrence.repeat_interval"},
		{"weekly interval 13", rec(map[string]any{"type": 2, "repeat_interval": 13, "weekly_days": "2"}), "recurrence.repeat_interval"},
		{"monthly interval 4", rec(map[string]any{"type": 3, "repeat_interval": 4, "monthly_day": 2}), "recurrence.repeat_interval"},
		{"weekly day 8", rec(map[string]any{"type": 2, "weekly_days": "2,8"}), "recurrence.weekly_days"},
		{"monthly day 32", rec(map[string]any{"type": 3, "monthly_day": 32}), "recurrence.monthly_day"},
		{"end_times 61", rec(map[string]any{"type": 1, "end_times": 61}), "recurrence.end_times"},
		{"end_times 0", rec(map[string]any{"type": 1, "end_times": 0}), "recurrence.end_times"},
		{"both ends", rec(map[string]any{"type": 1, "end_times": 2, "end_date_time": "2026-03-01T00:00:00Z"}), "recurrence.end_times"},
		{"jbh_time 7", ok(map[string]any{"settings": map[string]any{"jbh_time": 7}}), "settings.jbh_time"},
		{"settings type", ok(map[string]any{"settings": map[string]any{"waiting_room": "yes"}}), "settings.waiting_room"},
		{"topic as number", `{"topic":5,"type":2,"start_time":"2026-02-01T10:00:00Z"}`, "topic"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.do("POST", "/users/"+hostID+"/meetings", tt.body)
			wantError(t, r, 400, 300)
			errs, _ := r.json["errors"].([]any)
			var fields []string
			for _, e := range errs {
				fields = append(fields, e.(map[string]any)["field"].(string))
			}
			if !containsStr(fields, tt.wantField) {
				t.Errorf("errors %v, want field %s", fields, tt.wantField)
			}
		})
	}
	t.Run("bad JSON", func(t *testing.T) {
		r := h.do("POST", "/users/"+hostID+"/meetings", `{"topic":`)
		wantError(t, r, 400, 300)
		if r.json["message"] != "Request Body should be a valid JSON object." {
			t.Errorf("message %q", r.json["message"])
		}
	})
	t.Run("unknown host", func(t *testing.T) {
		wantError(t, h.do("POST", "/users/ghost@bot.example.com/meetings", ok(nil)), 404, 1001)
	})
	if n := len(h.s.Meetings()); n != 0 {
		t.Errorf("refused creates stored %d meetings", n)
	}
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestGetMeetingFreshStartURL(t *testing.T) {
	h := start(t, &zoomtest.Server{})
	id := h.createMeeting(h.host("host@bot.example.com"), scheduled("t", t0.Add(time.Hour)))
	a := h.do("GET", fmt.Sprint("/meetings/", id), nil)
	b := h.do("GET", fmt.Sprint("/meetings/", id), nil)
	if a.status != 200 || b.status != 200 {
		t.Fatalf("%d %d", a.status, b.status)
	}
	if a.json["start_url"] == b.json["start_url"] {
		t.Error("start_url is not fresh on each GET")
	}
	if a.json["join_url"] != b.json["join_url"] || a.json["uuid"] != b.json["uuid"] {
		t.Error("join_url or uuid changed between GETs")
	}
	for _, path := range []string{"/meetings/12345678901", "/meetings/abc"} {
		r := h.do("GET", path, nil)
		wantError(t, r, 404, 3001)
		if !strings.HasPrefix(r.json["message"].(string), "Meeting does not exist: ") {
			t.Errorf("message %q", r.json["message"])
		}
	}
}

func TestUpdateMeeting(t *testing.T) {
	s := &zoomtest.Server{}
	h := start(t, s)
	id := h.createMeeting(h.host("host@bot.example.com"), scheduled("t", t0.Add(time.Hour)))
	path := fmt.Sprint("/meetings/", id)
	r := h.do("PATCH", path, map[string]any{"topic": "new", "start_time": "2026-01-15T10:00:00", "timezone": "Asia/Tokyo"})
	if r.status != 204 || len(r.raw) != 0 {
		t.Fatalf("PATCH: %d %q", r.status, r.raw)
	}
	m, _ := s.Meeting(id)
	if m.Topic != "new" || m.Duration != 30 || m.Timezone != "Asia/Tokyo" || !m.StartTime.Equal(time.Date(2026, 1, 15, 1, 0, 0, 0, time.UTC)) {
		t.Errorf("after PATCH %+v", m)
	}
	wantError(t, h.do("PATCH", path, map[string]any{"start_time": "2026-01-14T08:59:59Z"}), 400, 300)
	wantError(t, h.do("PATCH", path, map[string]any{"topic": strings.Repeat("x", 201)}), 400, 300)
	wantError(t, h.do("PATCH", path, `nope`), 400, 300)
	wantError(t, h.do("PATCH", "/meetings/12345678901", map[string]any{"topic": "x"}), 404, 3001)
	if m2, _ := s.Meeting(id); m2.Topic != "new" {
		t.Errorf("a refused PATCH changed the meeting: %+v", m2)
	}
	s.StartMeeting(id)
	wantError(t, h.do("PATCH", path, map[string]any{"topic": "x"}), 400, 3000)
}

func TestDeleteMeeting(t *testing.T) {
	s := &zoomtest.Server{}
	h := start(t, s)
	hostID := h.host("host@bot.example.com")
	tests := []struct {
		name       string
		prepare    func(id int64)
		wantStatus int
		wantCode   int
	}{
		{"waiting", func(int64) {}, 204, 0},
		{"started", func(id int64) { s.StartMeeting(id) }, 400, 3002},
		{"ended", func(id int64) { s.StartMeeting(id); s.EndMeeting(id) }, 400, 3007},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := h.createMeeting(hostID, scheduled("t", t0.Add(time.Hour)))
			tt.prepare(id)
			r := h.do("DELETE", fmt.Sprint("/meetings/", id), nil)
			if tt.wantStatus == 204 {
				if r.status != 204 || len(r.raw) != 0 {
					t.Fatalf("%d %q", r.status, r.raw)
				}
				wantError(t, h.do("GET", fmt.Sprint("/meetings/", id), nil), 404, 3001)
				wantError(t, h.do("DELETE", fmt.Sprint("/meetings/", id), nil), 404, 3001)
				if m, ok := s.Meeting(id); !ok || !m.Deleted {
					t.Errorf("deleted meeting not kept as Deleted: %+v", m)
				}
				return
			}
			wantError(t, r, tt.wantStatus, tt.wantCode)
		})
	}
}

func TestDeleteOccurrence(t *testing.T) {
	s := &zoomtest.Server{}
	h := start(t, s)
	id := h.createMeeting(h.host("host@bot.example.com"), map[string]any{
		"type": 8, "start_time": "2026-02-02T10:00:00Z", "duration": 15, "recurrence": map[string]any{"type": 1, "end_times": 3},
	})
	m, _ := s.Meeting(id)
	second := m.Occurrences[1].ID
	if r := h.do("DELETE", fmt.Sprintf("/meetings/%d?occurrence_id=%s", id, second), nil); r.status != 204 {
		t.Fatalf("%d %s", r.status, r.raw)
	}
	wantError(t, h.do("DELETE", fmt.Sprintf("/meetings/%d?occurrence_id=%s", id, second), nil), 400, 3000)
	r := h.do("GET", fmt.Sprint("/meetings/", id), nil)
	occ := r.json["occurrences"].([]any)
	if len(occ) != 2 || occ[0].(map[string]any)["occurrence_id"] == second || occ[1].(map[string]any)["occurrence_id"] == second {
		t.Errorf("occurrences after delete: %v", occ)
	}
	if m, _ := s.Meeting(id); m.Deleted || m.Occurrences[1].Status != "deleted" {
		t.Errorf("stored %+v", m)
	}
}

func TestMeetingStatusEnd(t *testing.T) {
	s := &zoomtest.Server{}
	h := start(t, s)
	id := h.createMeeting(h.host("host@bot.example.com"), scheduled("t", t0.Add(time.Hour)))
	s.StartMeeting(id)
	if r := h.do("GET", fmt.Sprint("/meetings/", id), nil); r.json["status"] != "started" {
		t.Fatalf("status %v", r.json["status"])
	}
	if r := h.do("PUT", fmt.Sprintf("/meetings/%d/status", id), map[string]any{"action": "end"}); r.status != 204 {
		t.Fatalf("%d %s", r.status, r.raw)
	}
	if m, _ := s.Meeting(id); m.Status != "waiting" || !m.Ended {
		t.Errorf("after end %+v", m)
	}
}

func TestCheckStartURL(t *testing.T) {
	s := &zoomtest.Server{}
	h := start(t, s)
	regular := s.AddUser(zoomtest.User{Email: "r@bot.example.com"}).ID
	api := s.AddUser(zoomtest.User{Email: "api@bot.example.com", CustCreated: true}).ID
	startURL := func(hostID string) (int64, string) {
		r := h.do("POST", "/users/"+hostID+"/meetings", scheduled("t", t0.Add(time.Hour)))
		return int64(r.json["id"].(float64)), r.json["start_url"].(string)
	}
	_, regURL := startURL(regular)
	apiID, apiURL := startURL(api)
	for _, u := range []string{regURL, apiURL} {
		if err := s.CheckStartURL(u); err != nil {
			t.Errorf("fresh link: %v", err)
		}
	}
	if err := s.CheckStartURL("https://zoom.example.test/s/1?zak=forged"); err == nil {
		t.Error("forged link accepted")
	}
	h.clock.Advance(2 * time.Hour)
	if err := s.CheckStartURL(regURL); err == nil {
		t.Error("regular host's link valid after 2 h")
	}
	if err := s.CheckStartURL(apiURL); err != nil {
		t.Errorf("custCreate host's link after 2 h: %v", err)
	}
	h.token = h.fetchToken()
	fresh := h.do("GET", fmt.Sprint("/meetings/", apiID), nil).json["start_url"].(string)
	h.clock.Advance(90*24*time.Hour - 2*time.Hour)
	if err := s.CheckStartURL(apiURL); err == nil {
		t.Error("custCreate host's link valid after 90 days")
	}
	if err := s.CheckStartURL(fresh); err != nil {
		t.Errorf("re-fetched link: %v", err)
	}
	h.token = h.fetchToken()
	h.do("DELETE", fmt.Sprint("/meetings/", apiID), nil)
	if err := s.CheckStartURL(fresh); err == nil {
		t.Error("link of a deleted meeting accepted")
	}
}

func TestUpdateMergesFieldsAndKeepsSettings(t *testing.T) {
	s := &zoomtest.Server{}
	h := start(t, s)
	body := scheduled("t", t0.Add(time.Hour))
	body["settings"] = map[string]any{"waiting_room": true, "mute_upon_entry": true}
	id := h.createMeeting(h.host("host@bot.example.com"), body)
	path := fmt.Sprint("/meetings/", id)
	if r := h.do("PATCH", path, map[string]any{"settings": map[string]any{"waiting_room": false}}); r.status != 204 {
		t.Fatalf("PATCH: %d %s", r.status, r.raw)
	}
	m, _ := s.Meeting(id)
	if m.Settings.WaitingRoom || !m.Settings.MuteUponEntry || m.Topic != "t" {
		t.Errorf("settings not merged: %+v", m)
	}
}

func TestUpdateOneOccurrence(t *testing.T) {
	s := &zoomtest.Server{}
	h := start(t, s)
	id := h.createMeeting(h.host("host@bot.example.com"), map[string]any{
		"topic": "daily", "type": 8, "start_time": "2026-02-02T10:00:00Z", "duration": 15,
		"recurrence": map[string]any{"type": 1, "end_times": 3},
	})
	before, _ := s.Meeting(id)
	path := fmt.Sprint("/meetings/", id)
	occ := before.Occurrences[1].ID
	r := h.do("PATCH", path+"?occurrence_id="+occ, map[string]any{"start_time": "2026-02-03T16:30:00Z", "duration": 50})
	if r.status != 204 {
		t.Fatalf("PATCH occurrence: %d %s", r.status, r.raw)
	}
	m, _ := s.Meeting(id)
	o := m.Occurrences[1]
	if o.ID != occ || !o.StartTime.Equal(time.Date(2026, 2, 3, 16, 30, 0, 0, time.UTC)) || o.Duration != 50 ||
		m.Occurrences[0].Duration != 15 || m.Duration != 15 || !m.Occurrences[2].StartTime.Equal(before.Occurrences[2].StartTime) {
		t.Errorf("after moving one occurrence: %+v", m.Occurrences)
	}
	wantError(t, h.do("PATCH", path+"?occurrence_id=123", map[string]any{"duration": 5}), 400, 3000)
	wantError(t, h.do("PATCH", path+"?occurrence_id="+occ, map[string]any{"topic": "x"}), 400, 300)
	wantError(t, h.do("PATCH", path+"?occurrence_id="+occ, map[string]any{"start_time": "2025-01-01T00:00:00Z"}), 400, 300)
	wantError(t, h.do("PATCH", path, map[string]any{"start_time": "2026-02-05T10:00:00Z"}), 400, 300) // no recurrence
	h.do("DELETE", path+"?occurrence_id="+m.Occurrences[0].ID, nil)
	wantError(t, h.do("PATCH", path+"?occurrence_id="+m.Occurrences[0].ID, map[string]any{"duration": 5}), 400, 3000)
}

func TestUpdateScheduleForChangesTheHost(t *testing.T) {
	for _, refuse := range []bool{false, true} {
		s := &zoomtest.Server{NoSchedulePrivilege: refuse}
		h := start(t, s)
		id := h.createMeeting(h.host("a@bot.example.com"), scheduled("t", t0.Add(time.Hour)))
		b := h.host("b@bot.example.com")
		r := h.do("PATCH", fmt.Sprint("/meetings/", id), map[string]any{"schedule_for": "b@bot.example.com"})
		m, _ := s.Meeting(id)
		switch {
		case refuse:
			wantError(t, r, 400, 3000)
			if m.HostID == b {
				t.Error("a refused schedule_for changed the host")
			}
		case r.status != 204 || m.HostID != b || m.HostEmail != "b@bot.example.com":
			t.Errorf("schedule_for: %d %s, host %s", r.status, r.raw, m.HostID)
		}
		wantError(t, h.do("PATCH", fmt.Sprint("/meetings/", id), map[string]any{"schedule_for": "ghost@bot.example.com"}), 404, 1001)
	}
}
