package slacktest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"regexp"
	"time"
)

// trigger is one trigger_id handed to the app with an interaction.
type trigger struct {
	userID string
	issued time.Time // by Now, so a fixed clock can expire it
	used   bool
}

// liveView is the current state of one view id.
type liveView struct {
	id, userID, hash, externalID, rootID string
	json                                 json.RawMessage
}

// triggerFormat is Slack's "132456.7890123.abcdef" shape [M:views.open].
var triggerFormat = regexp.MustCompile(`^\d+\.\d+\.[0-9a-f]+$`)

// newTriggerLocked issues a trigger_id for userID.
func (s *Server) newTriggerLocked(userID string) string {
	s.seq++
	id := fmt.Sprintf("%d.%d.%016x", 1000000000+s.seq, s.now().Unix(), rand.Uint64())
	s.triggers[id] = &trigger{userID: userID, issued: s.now()}
	return id
}

// useTriggerLocked spends a trigger: single use, valid for TriggerTTL.
func (s *Server) useTriggerLocked(id string) (*trigger, string) {
	if !triggerFormat.MatchString(id) {
		return nil, "invalid_trigger_id"
	}
	t, ok := s.triggers[id]
	switch {
	case !ok:
		return nil, "invalid_trigger_id"
	case t.used:
		return nil, "exchanged_trigger_id"
	case s.now().Sub(t.issued) > s.triggerTTL():
		return nil, "expired_trigger_id"
	}
	t.used = true
	return t, ""
}

// newHashLocked returns a view hash in Slack's "seconds.random" shape.
func (s *Server) newHashLocked() string {
	s.seq++
	return fmt.Sprintf("%d.%08d", s.now().Unix(), s.seq)
}

// viewReply is the view object views.* return: the app's view plus the
// fields Slack adds.
func (s *Server) viewReply(lv *liveView) map[string]any {
	v := map[string]any{}
	_ = json.Unmarshal(lv.json, &v)
	v["id"] = lv.id
	v["team_id"] = s.teamID()
	v["hash"] = lv.hash
	v["root_view_id"] = lv.rootID
	v["app_id"] = s.appID()
	v["bot_id"] = "B0ZOOMBOT"
	v["external_id"] = lv.externalID
	v["state"] = map[string]any{"values": map[string]any{}}
	for _, k := range []string{"private_metadata", "callback_id"} {
		if _, ok := v[k]; !ok {
			v[k] = ""
		}
	}
	return map[string]any{"view": v}
}

func viewFields(raw json.RawMessage) (callbackID, meta, externalID string) {
	var v viewObj
	_ = json.Unmarshal(raw, &v)
	return v.CallbackID, v.PrivateMetadata, v.ExternalID
}

func invalidView(detail string) (map[string]any, string) {
	return meta(detail), "invalid_arguments"
}

// openOrPush implements views.open and views.push: both spend a trigger and
// create a new view id.
func (s *Server) openOrPush(r request, kind string) (map[string]any, string) {
	raw := r.raw("view")
	if raw == nil {
		return invalidView("[ERROR] missing required field: view [json-pointer:/view]")
	}
	if r.str("trigger_id") == "" {
		return invalidView("[ERROR] missing required field: trigger_id [json-pointer:/trigger_id]")
	}
	if detail := validateView(raw, "modal"); detail != "" {
		return invalidView(detail)
	}
	s.mu.Lock()
	t, code := s.useTriggerLocked(r.str("trigger_id"))
	if code != "" {
		s.mu.Unlock()
		return nil, code
	}
	cb, pm, ext := viewFields(raw)
	if ext != "" {
		for _, lv := range s.live {
			if lv.externalID == ext {
				s.mu.Unlock()
				return nil, "duplicate_external_id"
			}
		}
	}
	lv := &liveView{id: s.nextIDLocked("V"), userID: t.userID, hash: s.newHashLocked(), externalID: ext, json: raw}
	lv.rootID = lv.id
	s.live[lv.id] = lv
	after := s.addViewLocked(View{Kind: kind, ID: lv.id, UserID: t.userID, TriggerID: r.str("trigger_id"),
		Hash: lv.hash, CallbackID: cb, PrivateMetadata: pm, JSON: raw})
	reply := s.viewReply(lv)
	s.mu.Unlock()
	after()
	return reply, ""
}

func (s *Server) viewsOpen(r request) (map[string]any, string) { return s.openOrPush(r, "open") }
func (s *Server) viewsPush(r request) (map[string]any, string) { return s.openOrPush(r, "push") }

// viewsUpdate replaces a view found by view_id or external_id; a stale hash
// is a hash_conflict.
func (s *Server) viewsUpdate(r request) (map[string]any, string) {
	raw := r.raw("view")
	if raw == nil {
		return invalidView("[ERROR] missing required field: view [json-pointer:/view]")
	}
	var probe viewObj
	_ = json.Unmarshal(raw, &probe)
	if detail := validateView(raw, probe.Type); detail != "" {
		return invalidView(detail)
	}
	id, ext := r.str("view_id"), r.str("external_id")
	if id == "" && ext == "" {
		return invalidView("[ERROR] must provide view_id or external_id [json-pointer:/view_id]")
	}
	s.mu.Lock()
	lv := s.live[id]
	if id == "" {
		for _, v := range s.live {
			if v.externalID == ext {
				lv = v
			}
		}
	}
	if lv == nil {
		s.mu.Unlock()
		return nil, "not_found"
	}
	if h := r.str("hash"); h != "" && h != lv.hash {
		s.mu.Unlock()
		return nil, "hash_conflict"
	}
	lv.json = raw
	lv.hash = s.newHashLocked()
	cb, pm, _ := viewFields(raw)
	after := s.addViewLocked(View{Kind: "update", ID: lv.id, UserID: lv.userID, Hash: lv.hash,
		CallbackID: cb, PrivateMetadata: pm, JSON: raw})
	reply := s.viewReply(lv)
	s.mu.Unlock()
	after()
	return reply, ""
}

// viewsPublish sets a user's Home tab. The view id is stable per user.
func (s *Server) viewsPublish(r request) (map[string]any, string) {
	if s.HomeTabDisabled {
		return nil, "not_enabled"
	}
	raw := r.raw("view")
	if raw == nil {
		return invalidView("[ERROR] missing required field: view [json-pointer:/view]")
	}
	if detail := validateView(raw, "home"); detail != "" {
		return invalidView(detail)
	}
	user := r.str("user_id")
	s.mu.Lock()
	if _, ok := s.users[user]; !ok {
		s.mu.Unlock()
		return invalidView("[ERROR] invalid `user_id` [json-pointer:/user_id]")
	}
	lv := s.live[s.homes[user]]
	if lv == nil {
		lv = &liveView{id: s.nextIDLocked("V"), userID: user}
		lv.rootID = lv.id
		s.live[lv.id] = lv
		s.homes[user] = lv.id
	} else if h := r.str("hash"); h != "" && h != lv.hash {
		s.mu.Unlock()
		return nil, "hash_conflict"
	}
	lv.json = raw
	lv.hash = s.newHashLocked()
	cb, pm, _ := viewFields(raw)
	after := s.addViewLocked(View{Kind: "publish", ID: lv.id, UserID: user, Hash: lv.hash,
		CallbackID: cb, PrivateMetadata: pm, JSON: raw})
	reply := s.viewReply(lv)
	s.mu.Unlock()
	after()
	return reply, ""
}
