package slacktest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// request is a parsed Web API call.
type request struct {
	method string
	token  string
	params map[string]any
}

func (r request) str(key string) string {
	switch v := r.params[key].(type) {
	case string:
		return v
	case nil:
		return ""
	case bool:
		return fmt.Sprint(v)
	case float64:
		return fmt.Sprint(v)
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

// raw returns a JSON-valued argument: form posts carry it as a JSON string
// (slack-go's blocks), JSON bodies as a nested value.
func (r request) raw(key string) json.RawMessage {
	switch v := r.params[key].(type) {
	case nil:
		return nil
	case string:
		if v == "" {
			return nil
		}
		return json.RawMessage(v)
	default:
		b, _ := json.Marshal(v)
		return b
	}
}

// apiHandlers maps Web API method names to handlers. Each returns the reply
// fields on success, or an error code.
type apiHandler func(s *Server, r request) (map[string]any, string)

var apiHandlers map[string]apiHandler

func init() {
	apiHandlers = map[string]apiHandler{
		"auth.test":          (*Server).authTest,
		"users.info":         (*Server).usersInfo,
		"conversations.open": (*Server).conversationsOpen,
		"chat.postMessage":   (*Server).chatPostMessage,
		"chat.postEphemeral": (*Server).chatPostEphemeral,
		"chat.update":        (*Server).chatUpdate,
		"chat.delete":        (*Server).chatDelete,
		"views.open":         (*Server).viewsOpen,
		"views.update":       (*Server).viewsUpdate,
		"views.push":         (*Server).viewsPush,
		"views.publish":      (*Server).viewsPublish,
	}
}

// serveAPI parses the call (form or JSON, token from field or Bearer),
// records it, checks the token and dispatches. Errors are HTTP 200 with
// ok:false, as Slack answers; slack-go ignores the body of any other status.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, method string) {
	req, bearer, err := parseRequest(r, method)
	if err != nil {
		s.record(Call{Method: method, Params: map[string]any{}})
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_form_data"})
		return
	}
	s.record(Call{Method: method, Token: req.token, Params: req.params})

	if method == "apps.connections.open" {
		s.appsConnectionsOpen(w, req, bearer)
		return
	}
	h, ok := apiHandlers[method]
	if !ok {
		writeJSON(w, map[string]any{"ok": false, "error": "unknown_method"})
		return
	}
	if code := s.checkBotToken(req.token); code != "" {
		writeJSON(w, map[string]any{"ok": false, "error": code})
		return
	}
	if s.MethodHook != nil {
		if code := s.MethodHook(Call{Method: method, Token: req.token, Params: req.params, At: s.now()}); code != "" {
			writeJSON(w, map[string]any{"ok": false, "error": code})
			return
		}
	}
	if method == "chat.postMessage" {
		if wait, limited := s.takePostToken(req.str("channel")); limited {
			w.Header().Set("Retry-After", fmt.Sprint(wait)) // seconds [RL]
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"ok":false,"error":"ratelimited"}` + "\n"))
			return
		}
	}
	reply, code := h(s, req)
	if method == "auth.test" && code == "" {
		w.Header().Set("X-OAuth-Scopes", s.botScopes())
	}
	if code != "" {
		out := map[string]any{"ok": false, "error": code}
		for k, v := range reply { // e.g. response_metadata.messages
			out[k] = v
		}
		writeJSON(w, out)
		return
	}
	if reply == nil {
		reply = map[string]any{}
	}
	reply["ok"] = true
	writeJSON(w, reply)
}

// parseRequest reads form or JSON arguments and the token, which may be a
// form field or a Bearer header; bearer is the header's alone.
func parseRequest(r *http.Request, method string) (req request, bearer string, err error) {
	req = request{method: method, params: map[string]any{}}
	if a := r.Header.Get("Authorization"); strings.HasPrefix(a, "Bearer ") {
		bearer = strings.TrimPrefix(a, "Bearer ")
	}
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ctype == "application/json" {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			return req, "", err
		}
		if len(strings.TrimSpace(string(body))) > 0 {
			if err := json.Unmarshal(body, &req.params); err != nil {
				return req, "", err
			}
		}
		for k, v := range r.URL.Query() {
			req.params[k] = v[0]
		}
	} else {
		if err := r.ParseForm(); err != nil {
			return req, "", err
		}
		req.params = formParams(r.Form)
	}
	req.token = bearer
	if t, ok := req.params["token"].(string); ok {
		if req.token == "" {
			req.token = t
		}
		delete(req.params, "token") // Call.Token holds it; Params stay free of secrets
	}
	return req, bearer, nil
}

func formParams(v url.Values) map[string]any {
	out := make(map[string]any, len(v))
	for k, vs := range v {
		out[k] = vs[0]
	}
	return out
}

func (s *Server) checkBotToken(tok string) string {
	switch {
	case tok == "":
		return "not_authed"
	case strings.HasPrefix(tok, "xapp-"):
		// App-level tokens only open sockets.
		return "not_allowed_token_type"
	case tok != s.botToken():
		return "invalid_auth"
	}
	return ""
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) authTest(request) (map[string]any, string) {
	return map[string]any{
		"url":     "https://" + s.teamDomain() + ".slack.com/",
		"team":    s.teamDomain(),
		"user":    "zoombot",
		"team_id": s.teamID(),
		"user_id": s.botUserID(),
		"bot_id":  "B0ZOOMBOT",
	}, ""
}

// usersInfo answers users.info. Like Slack it includes the user's locale
// only when asked with include_locale=true.
func (s *Server) usersInfo(r request) (map[string]any, string) {
	id := r.str("user")
	if id == "" {
		return nil, "user_not_found"
	}
	s.mu.Lock()
	u, ok := s.users[id]
	s.mu.Unlock()
	if !ok {
		return nil, "user_not_found"
	}
	profile := map[string]any{
		"real_name":    u.RealName,
		"display_name": u.handle(),
	}
	// Without users:read.email Slack leaves the field out entirely.
	if u.Email != "" {
		profile["email"] = u.Email
	}
	user := map[string]any{
		"id":        u.ID,
		"team_id":   s.teamID(),
		"name":      u.handle(),
		"real_name": u.RealName,
		"deleted":   u.Deleted,
		"tz":        u.TZ,
		"tz_label":  u.TZLabel,
		"tz_offset": u.TZOffset,
		"is_admin":  u.IsAdmin,
		"is_owner":  u.IsOwner,
		"is_bot":    u.IsBot,
		"profile":   profile,
	}
	if il := r.str("include_locale"); (il == "true" || il == "1") && u.Locale != "" {
		user["locale"] = u.Locale
	}
	return map[string]any{"user": user}, ""
}

// conversationsOpen supports the bot's only use: a 1:1 DM via users=U1.
func (s *Server) conversationsOpen(r request) (map[string]any, string) {
	users := r.str("users")
	if users == "" {
		if ch := r.str("channel"); ch != "" {
			s.mu.Lock()
			_, ok := s.dmUsers[ch]
			s.mu.Unlock()
			if !ok {
				return nil, "channel_not_found"
			}
			return map[string]any{"channel": map[string]any{"id": ch}}, ""
		}
		return nil, "users_list_not_supplied"
	}
	ids := strings.Split(users, ",")
	if len(ids) > 8 {
		return nil, "too_many_users"
	}
	if len(ids) > 1 {
		return nil, "not_supported" // group DMs: the bot never opens them
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[ids[0]]
	if !ok {
		return nil, "user_not_found"
	}
	if u.Deleted {
		return nil, "user_disabled"
	}
	_, already := s.dms[u.ID]
	d := s.dmLocked(u.ID)
	ch := map[string]any{"id": d}
	if r.str("return_im") == "true" {
		ch = map[string]any{"id": d, "is_im": true, "user": u.ID, "created": s.now().Unix()}
	}
	return map[string]any{"channel": ch, "no_op": already, "already_open": already}, ""
}
