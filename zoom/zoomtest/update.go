package zoomtest

import (
	"cmp"
	"net/http"
	"slices"
	"time"
)

// updateMeetingLocked is PATCH /meetings/{meetingId}: the fields sent are
// merged into the meeting and the answer is 204 with no body. With
// occurrence_id only that occurrence of a recurring meeting changes: its
// start_time and duration (its id stays, as Zoom keeps it). A type 8
// meeting given a start_time needs its recurrence too, and gets its
// occurrences anew (new ids). schedule_for hands the meeting to another
// user of the account (see NoSchedulePrivilege). A successful update
// counts toward the host's daily cap.
func (s *Server) updateMeetingLocked(idStr string, q map[string][]string, body []byte) response {
	m, resp, ok := s.findMeetingLocked(idStr)
	if !ok {
		return resp
	}
	if m.Status == "started" {
		return zoomError(http.StatusBadRequest, 3000, "You cannot update or delete meetings that have started using this method.", nil)
	}
	if resp, ok := s.checkDailyLocked(RouteUpdateMeeting, m.HostID); !ok {
		return resp
	}
	var req meetingRequest
	if resp, ok := decodeObject(body, &req); !ok {
		return resp
	}
	if occ := q["occurrence_id"]; len(occ) > 0 && occ[0] != "" {
		return s.updateOccurrenceLocked(m, occ[0], &req)
	}
	if m.Type == 8 && req.StartTime != nil && req.Recurrence == nil {
		// "If the start_time value is a future date, the recurrence
		// object is required" (Zoom's Update a meeting reference).
		return validationError([]fieldError{{"recurrence", "Required field."}})
	}
	next := m.clone()
	if bad := s.applyMeeting(&next, &req, false, s.now()); len(bad) > 0 {
		return validationError(bad)
	}
	if req.ScheduleFor != nil && *req.ScheduleFor != "" {
		host := s.findUserLocked(*req.ScheduleFor)
		switch {
		case host == nil:
			return hostNotFound(*req.ScheduleFor)
		case host.ID != m.HostID && s.NoSchedulePrivilege:
			return zoomError(http.StatusBadRequest, 3000, "You cannot schedule a meeting for "+*req.ScheduleFor+".", nil)
		}
		next.HostID, next.HostEmail = host.ID, host.Email
	}
	if next.Password == "" {
		next.Password = newPasscode()
	}
	if next.Password != m.Password {
		next.JoinURL = s.joinURL(&next)
	}
	s.spendDailyLocked(m.HostID)
	*m = next
	return noContent()
}

// updateOccurrenceLocked changes one occurrence. Zoom takes start_time,
// duration, agenda and settings with occurrence_id; the fake refuses the
// other fields (what Zoom does with them is UNVERIFIED), and the settings
// and agenda, which it keeps per meeting, are applied to the meeting.
func (s *Server) updateOccurrenceLocked(m *Meeting, occurrenceID string, req *meetingRequest) response {
	i := slices.IndexFunc(m.Occurrences, func(o Occurrence) bool { return o.ID == occurrenceID && o.Status == "available" })
	if m.Type != 8 || i < 0 {
		return zoomError(http.StatusBadRequest, 3000, "Invalid occurrence_id.", nil)
	}
	var bad []fieldError
	for field, set := range map[string]bool{
		"topic": req.Topic != nil, "type": req.Type != nil, "timezone": req.Timezone != nil,
		"password": req.Password != nil || req.DefaultPassword, "recurrence": req.Recurrence != nil,
		"schedule_for": req.ScheduleFor != nil,
	} {
		if set {
			bad = append(bad, fieldError{field, "Invalid field."})
		}
	}
	next := m.clone()
	sub := meetingRequest{Agenda: req.Agenda, Settings: req.Settings}
	bad = append(bad, s.applyMeeting(&next, &sub, false, s.now())...)
	o := next.Occurrences[i]
	if req.Duration != nil {
		if *req.Duration < 0 {
			bad = append(bad, fieldError{"duration", "Invalid field."})
		}
		o.Duration = *req.Duration
	}
	if req.StartTime != nil {
		loc, err := time.LoadLocation(m.Timezone)
		if err != nil {
			loc = time.UTC
		}
		t, ok := parseStartTime(*req.StartTime, loc)
		if !ok || t.Before(s.now()) {
			bad = append(bad, fieldError{"start_time", "Invalid field."})
		}
		o.StartTime = t
	}
	if len(bad) > 0 {
		slices.SortFunc(bad, func(a, b fieldError) int { return cmp.Compare(a.Field, b.Field) })
		return validationError(bad)
	}
	next.Occurrences[i] = o
	slices.SortStableFunc(next.Occurrences, func(a, b Occurrence) int { return a.StartTime.Compare(b.StartTime) })
	s.spendDailyLocked(m.HostID)
	*m = next
	return noContent()
}
