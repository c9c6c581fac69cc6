package zoomtest_test

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/zoombot/zoombot/zoom/zoomtest"
)

func userBody(action, email string, typ int, first, last string) map[string]any {
	return map[string]any{"action": action, "user_info": map[string]any{
		"email": email, "type": typ, "first_name": first, "last_name": last}}
}

func TestCreateUser(t *testing.T) {
	s := &zoomtest.Server{}
	h := start(t, s)
	r := h.do("POST", "/users", userBody("custCreate", "Ada@Bot.example.com", 1, "Ada", "L"))
	if r.status != 201 {
		t.Fatalf("status %d: %s", r.status, r.raw)
	}
	keys := make([]string, 0, len(r.json))
	for k := range r.json {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if want := []string{"email", "first_name", "id", "last_name", "type"}; !slices.Equal(keys, want) {
		t.Errorf("201 fields %v, want exactly %v", keys, want)
	}
	id, _ := r.json["id"].(string)
	if !regexp.MustCompile(`^[A-Za-z0-9_-]{22}$`).MatchString(id) {
		t.Errorf("id %q is not 22 URL-safe chars", id)
	}
	users := s.Users()
	if len(users) != 1 || !users[0].CustCreated || users[0].ID != id || users[0].Status != "active" {
		t.Errorf("stored users %+v", users)
	}

	// action create makes a pending user.
	if r := h.do("POST", "/users", userBody("create", "bo@bot.example.com", 2, "Bo", "B")); r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	if u := s.Users()[1]; u.Status != "pending" || u.CustCreated || u.Type != 2 {
		t.Errorf("action create stored %+v", u)
	}
}

func TestCreateUserErrors(t *testing.T) {
	long := strings.Repeat("a", 65)
	tests := []struct {
		name       string
		noISV      bool
		body       any
		wantStatus int
		wantCode   int
		wantField  string
	}{
		{"duplicate email any case", false, userBody("custCreate", "TAKEN@bot.example.com", 1, "A", "B"), 409, 1005, ""},
		{"bad action", false, userBody("make", "n@bot.example.com", 1, "A", "B"), 400, 300, "action"},
		{"bad email", false, userBody("custCreate", "not-an-email", 1, "A", "B"), 400, 300, "user_info.email"},
		{"email too long", false, userBody("custCreate", strings.Repeat("a", 120)+"@bot.example.com", 1, "A", "B"), 400, 300, "user_info.email"},
		{"type 3", false, userBody("custCreate", "n@bot.example.com", 3, "A", "B"), 400, 300, "user_info.type"},
		{"type 99", false, userBody("custCreate", "n@bot.example.com", 99, "A", "B"), 400, 300, "user_info.type"},
		{"first name too long", false, userBody("custCreate", "n@bot.example.com", 1, long, "B"), 400, 300, "user_info.first_name"},
		{"last name too long", false, userBody("custCreate", "n@bot.example.com", 1, "A", long), 400, 300, "user_info.last_name"},
		{"no user_info", false, map[string]any{"action": "custCreate"}, 400, 300, "user_info"},
		{"type as string", false, `{"action":"custCreate","user_info":{"email":"n@bot.example.com","type":"1"}}`, 400, 300, "user_info.type"},
		{"bad JSON", false, `{"action":`, 400, 300, ""},
		{"no ISV plan", true, userBody("custCreate", "n@bot.example.com", 1, "A", "B"), 400, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &zoomtest.Server{NoISVPlan: tt.noISV}
			h := start(t, s)
			h.host("taken@bot.example.com")
			r := h.do("POST", "/users", tt.body)
			wantError(t, r, tt.wantStatus, tt.wantCode)
			if tt.wantField != "" {
				errs, _ := r.json["errors"].([]any)
				if len(errs) == 0 || errs[0].(map[string]any)["field"] != tt.wantField {
					t.Errorf("errors %v, want field %s", r.json["errors"], tt.wantField)
				}
			}
			if len(s.Users()) != 1 {
				t.Errorf("a refused create stored a user: %+v", s.Users())
			}
		})
	}
	t.Run("bad JSON message", func(t *testing.T) {
		h := start(t, &zoomtest.Server{})
		r := h.do("POST", "/users", `[1,2]`)
		wantError(t, r, 400, 300)
		if r.json["message"] != "Request Body should be a valid JSON object." {
			t.Errorf("message %q", r.json["message"])
		}
	})
	t.Run("create allowed without ISV plan", func(t *testing.T) {
		h := start(t, &zoomtest.Server{NoISVPlan: true})
		if r := h.do("POST", "/users", userBody("create", "n@bot.example.com", 1, "A", "B")); r.status != 201 {
			t.Fatalf("%d %s", r.status, r.raw)
		}
	})
}

func TestGetUser(t *testing.T) {
	h := start(t, &zoomtest.Server{})
	id := h.host("a+b@bot.example.com")
	for _, key := range []string{id, "a+b@bot.example.com", "A+B@BOT.example.com", url.PathEscape("a+b@bot.example.com")} {
		r := h.do("GET", "/users/"+key, nil)
		if r.status != 200 || r.json["id"] != id || r.json["email"] != "a+b@bot.example.com" || r.json["type"] != float64(1) {
			t.Errorf("GET /users/%s: %d %s", key, r.status, r.raw)
		}
	}
	r := h.do("GET", "/users/ghost@bot.example.com", nil)
	wantError(t, r, 404, 1001)
	if r.json["message"] != "User does not exist: ghost@bot.example.com." {
		t.Errorf("message %q", r.json["message"])
	}
}
