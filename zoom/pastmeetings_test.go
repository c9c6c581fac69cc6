package zoom

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

func TestInstancePathEncoding(t *testing.T) {
	tests := []struct{ uuid, want string }{
		{"4444AAAiAAAAAiAiAiiAii==", "/meetings/4444AAAiAAAAAiAiAiiAii==/meeting_summary"},
		// One slash inside: a single encoding keeps it in the segment.
		{"ab/cd+ef==", "/meetings/ab%2Fcd+ef==/meeting_summary"},
		// A leading slash or a double slash: Zoom wants it double encoded.
		{"/ajXp112QmuoKj4854875==", "/meetings/%252FajXp112QmuoKj4854875==/meeting_summary"},
		{"ab//cd==", "/meetings/ab%252F%252Fcd==/meeting_summary"},
	}
	for _, tt := range tests {
		t.Run(tt.uuid, func(t *testing.T) {
			c, mux := setup(t)
			var got string
			mux.HandleFunc("/meetings/", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodGet)
				got = r.URL.EscapedPath()
				reply(w, http.StatusOK, `{"meeting_uuid":"x"}`)
			})
			if _, err := c.GetMeetingSummary(context.Background(), tt.uuid); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("path %s, want %s", got, tt.want)
			}
		})
	}
	c, _ := setup(t)
	if _, err := c.GetMeetingSummary(context.Background(), ""); err == nil {
		t.Error("an empty UUID was sent")
	}
}

func TestGetMeetingSummary(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/meetings/", func(w http.ResponseWriter, r *http.Request) {
		reply(w, http.StatusOK, `{"meeting_host_id":"h1","meeting_uuid":"u1==","meeting_id":85746065123,"meeting_topic":"Standup",
			"summary_title":"Meeting summary for Standup","summary_overview":"We agreed.","next_steps":["Ana ships it"],
			"summary_details":[{"label":"Plan","summary":"Ship on Friday."}],"edited_summary":{"next_steps":["Ana ships it Monday"]},
			"summary_content":"## Overview\nWe agreed.","summary_doc_url":"https://docs.zoom.us/doc/abc"}`)
	})
	s, err := c.GetMeetingSummary(context.Background(), "u1==")
	if err != nil {
		t.Fatal(err)
	}
	if s.MeetingID != 85746065123 || s.SummaryOverview != "We agreed." || len(s.NextSteps) != 1 || s.SummaryDetails[0].Label != "Plan" ||
		s.EditedSummary == nil || s.EditedSummary.NextSteps[0] != "Ana ships it Monday" || s.SummaryDocURL == "" || s.SummaryContent == "" {
		t.Errorf("decoded %+v", s)
	}
}

func TestMeetingSummaryErrors(t *testing.T) {
	c, mux := setup(t)
	status, body := 0, ""
	mux.HandleFunc("/meetings/", func(w http.ResponseWriter, r *http.Request) { reply(w, status, body) })
	status, body = http.StatusBadRequest, `{"code":4711,"message":"Invalid access token, does not contain scopes:[meeting:read:summary:admin]."}`
	_, err := c.GetMeetingSummary(context.Background(), "u1")
	if !IsMissingScope(err) || IsNotFound(err) {
		t.Errorf("missing scope: %v", err)
	}
	status, body = http.StatusNotFound, `{"code":3001,"message":"Meeting does not exist: u1."}`
	_, err = c.GetMeetingSummary(context.Background(), "u1")
	if !IsNotFound(err) || IsMissingScope(err) {
		t.Errorf("not found: %v", err)
	}
	if IsMissingScope(errors.New("does not contain scopes")) {
		t.Error("a plain error counted as a Zoom reply")
	}
}

func TestListPastParticipantsPages(t *testing.T) {
	c, mux := setup(t)
	calls := 0
	mux.HandleFunc("/past_meetings/", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		if got := r.URL.EscapedPath(); got != "/past_meetings/%252Fu1==/participants" {
			t.Errorf("path %s", got)
		}
		calls++
		switch r.URL.Query().Get("next_page_token") {
		case "":
			testQuery(t, r, map[string]string{"page_size": "300"})
			reply(w, http.StatusOK, `{"next_page_token":"p2","participants":[{"id":"zu1","user_id":"16778240","name":"Ana","user_email":"ana@example.com"},
				{"id":"","user_id":"16779264","name":"Guest","user_email":""}]}`)
		case "p2":
			reply(w, http.StatusOK, `{"next_page_token":"","participants":[{"id":"zu1","user_id":"16780288","name":"Ana (phone)","user_email":"ana@example.com"}]}`)
		}
	})
	ps, err := c.ListPastParticipants(context.Background(), "/u1==")
	if err != nil {
		t.Fatal(err)
	}
	if calls != 2 || len(ps) != 3 || ps[0].Key() != ps[2].Key() || ps[1].Key() != "name:Guest" {
		t.Errorf("%d calls, participants %+v", calls, ps)
	}
}

func TestPastParticipantKey(t *testing.T) {
	tests := []struct {
		p    PastParticipant
		want string
	}{
		{PastParticipant{ID: "zu1", UserEmail: "a@x", Name: "A"}, "id:zu1"},
		{PastParticipant{UserEmail: "Ana@Example.com", Name: "A"}, "email:ana@example.com"},
		{PastParticipant{Name: "Guest 1"}, "name:Guest 1"},
	}
	for _, tt := range tests {
		if got := tt.p.Key(); got != tt.want {
			t.Errorf("%+v: key %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestListPastParticipantsRepeatingToken(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/past_meetings/", func(w http.ResponseWriter, r *http.Request) {
		reply(w, http.StatusOK, `{"next_page_token":"same","participants":[]}`)
	})
	if _, err := c.ListPastParticipants(context.Background(), "u1"); err == nil {
		t.Error("a repeating page token looped or was accepted")
	}
}
