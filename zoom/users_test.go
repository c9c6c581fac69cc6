package zoom

import (
	"context"
	"net/http"
	"reflect"
	"testing"
	"time"
)

func TestCreateUser(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/users", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testQuery(t, r, map[string]string{})
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type = %q", ct)
		}
		testJSONBody(t, r, `{"action":"custCreate","user_info":{"email":"u123@bot.example.com","type":1,"first_name":"Ada","last_name":"L"}}`)
		reply(w, http.StatusCreated, `{"id":"KDcuGIm1QgePTO8WbOqwIQ","email":"u123@bot.example.com","first_name":"Ada","last_name":"L","type":1}`)
	})
	got, err := c.CreateUser(context.Background(), ActionCustCreate,
		UserInfo{Email: "u123@bot.example.com", Type: UserBasic, FirstName: "Ada", LastName: "L"})
	if err != nil {
		t.Fatal(err)
	}
	want := &User{ID: "KDcuGIm1QgePTO8WbOqwIQ", Email: "u123@bot.example.com", FirstName: "Ada", LastName: "L", Type: 1}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestCreateUserErrors(t *testing.T) {
	tests := []struct {
		name         string
		status       int
		body         string
		want         *Error
		isEmailTaken bool
	}{
		{"email taken", 409, `{"code":1005,"message":"Email \"a@b.c\" has already been used."}`,
			&Error{StatusCode: 409, Code: 1005, Message: `Email "a@b.c" has already been used.`, Endpoint: "POST /users"}, true},
		{"validation", 400, `{"code":300,"message":"Validation Failed.","errors":[{"field":"user_info.email","message":"Invalid field."}]}`,
			&Error{StatusCode: 400, Code: 300, Message: "Validation Failed.", Endpoint: "POST /users",
				Fields: []FieldError{{Field: "user_info.email", Message: "Invalid field."}}}, false},
		{"no seat", 400, `{"code":2034,"message":"Your request was not accepted because you have exceeded the number of paid users."}`,
			&Error{StatusCode: 400, Code: 2034, Message: "Your request was not accepted because you have exceeded the number of paid users.", Endpoint: "POST /users"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			calls := 0
			mux.HandleFunc("/users", func(w http.ResponseWriter, r *http.Request) {
				calls++
				reply(w, tt.status, tt.body)
			})
			_, err := c.CreateUser(context.Background(), ActionCustCreate, UserInfo{Email: "a@b.c", Type: 1})
			if !reflect.DeepEqual(err, tt.want) {
				t.Errorf("err = %#v\nwant  %#v", err, tt.want)
			}
			if IsEmailTaken(err) != tt.isEmailTaken {
				t.Errorf("IsEmailTaken = %v", !tt.isEmailTaken)
			}
			if calls != 1 {
				t.Errorf("calls = %d, want 1 (4xx is final)", calls)
			}
		})
	}
}

func TestGetUser(t *testing.T) {
	tests := []struct {
		name, arg, wantRawPath string
	}{
		{"by id", "KDcuGIm1QgePTO8WbOqwIQ", "/users/KDcuGIm1QgePTO8WbOqwIQ"},
		{"by email", "ada+zoom@bot.example.com", "/users/ada+zoom@bot.example.com"},
		{"email with slash and space", "a/b c@x.io", "/users/a%2Fb%20c@x.io"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			mux.HandleFunc("/users/{userId}", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodGet)
				if got := r.URL.EscapedPath(); got != tt.wantRawPath {
					t.Errorf("path = %s, want %s", got, tt.wantRawPath)
				}
				if got := r.PathValue("userId"); got != tt.arg {
					t.Errorf("userId = %q, want %q", got, tt.arg)
				}
				reply(w, http.StatusOK, `{"id":"KDcuGIm1QgePTO8WbOqwIQ","email":"ada@bot.example.com","first_name":"Ada","last_name":"L",
					"type":2,"status":"active","timezone":"Europe/Berlin","pmi":81234567890,"created_at":"2025-03-04T15:00:00Z",
					"verified":1,"login_types":[100],"account_id":"acc1"}`)
			})
			got, err := c.GetUser(context.Background(), tt.arg)
			if err != nil {
				t.Fatal(err)
			}
			want := &User{ID: "KDcuGIm1QgePTO8WbOqwIQ", Email: "ada@bot.example.com", FirstName: "Ada", LastName: "L",
				Type: 2, Status: "active", Timezone: "Europe/Berlin", PMI: 81234567890, Verified: 1, LoginTypes: []int{100},
				AccountID: "acc1", CreatedAt: time.Date(2025, 3, 4, 15, 0, 0, 0, time.UTC)}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestGetUserNotFound(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/users/{userId}", func(w http.ResponseWriter, r *http.Request) {
		reply(w, http.StatusNotFound, `{"code":1001,"message":"User does not exist: nobody@x.io."}`)
	})
	_, err := c.GetUser(context.Background(), "nobody@x.io")
	if !IsNotFound(err) || ErrorCode(err) != 1001 {
		t.Fatalf("err = %v, want not found 1001", err)
	}
	if _, err := c.GetUser(context.Background(), ""); err == nil {
		t.Error("empty id: no error")
	}
}
