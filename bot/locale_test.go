package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/zoombot/zoombot/bot/slacktest"
)

// Issue 12: the user's Slack locale decides whether "3/12" is March 12 or
// December 3, and the post names the month in words so a surprise shows.
func TestLocaleDecidesSlashDates(t *testing.T) {
	tests := []struct {
		user, locale, zone string
		want               string // start, local to zone
		month              string // as the post shows it
	}{
		{"UGB", "en-GB", "Europe/London", "2026-12-03 10:00", "Thu Dec 3 2026"},
		{"UUS", "en-US", "America/New_York", "2027-03-12 10:00", "Fri Mar 12 2027"},
	}
	for _, tt := range tests {
		t.Run(tt.locale, func(t *testing.T) {
			e := newTestEnv(t, func(e *testEnv) {
				e.slack.AddUser(slacktest.User{ID: tt.user, Name: strings.ToLower(tt.user), RealName: tt.user, TZ: tt.zone,
					Email: strings.ToLower(tt.user) + "@example.com", Locale: tt.locale})
			})
			e.command(tt.user, testChannel, "schedule 3/12 10am x")
			zms := e.zoom.Meetings()
			if len(zms) != 1 {
				t.Fatalf("want one meeting, got %d\n%s", len(zms), dump(e.slack.Messages()))
			}
			loc, _ := time.LoadLocation(tt.zone)
			if got := zms[0].StartTime.In(loc).Format("2006-01-02 15:04"); got != tt.want {
				t.Errorf("start %s, want %s", got, tt.want)
			}
			post := e.one("the post", postIn(testChannel))
			if !strings.Contains(text(post), tt.month) {
				t.Errorf("the post does not name the month (%s): %s", tt.month, text(post))
			}
			asked := false
			for _, c := range e.slack.Calls() {
				if c.Method == "users.info" && c.Params["user"] == tt.user {
					asked = c.Params["include_locale"] == "true"
				}
			}
			if !asked {
				t.Error("users.info was not called with include_locale=true")
			}
		})
	}
}

// Monthly series by weekday are Zoom type 8 meetings with recurrence type
// 3, monthly_week and monthly_week_day, shown in words everywhere.
func TestMonthlyByWeekdaySeries(t *testing.T) {
	tests := []struct {
		text       string
		week, day  int    // Zoom's monthly_week, monthly_week_day (1 = Sunday)
		rule       string // in words
		first      string // in New York
		second     string
		listRecent string // the next meeting as the list shows it
	}{
		// The first Monday of November has passed: the series starts in December.
		{"first monday of every month 10am all hands", 1, 2, "monthly on the first Monday", "2026-12-07 10:00", "2027-01-04 10:00", "Dec 7 2026"},
		{"last friday of the month 4pm retro", -1, 6, "monthly on the last Friday", "2026-11-27 16:00", "2026-12-25 16:00", "Nov 27 2026"},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			e := newTestEnv(t)
			e.command("UANA", testChannel, "schedule "+tt.text)
			zms := e.zoom.Meetings()
			if len(zms) != 1 {
				t.Fatalf("want one series, got %d\nlogs:\n%s", len(zms), e.logs)
			}
			r := zms[0].Recurrence
			if zms[0].Type != 8 || r == nil || r.Type != 3 || r.MonthlyWeek != tt.week || r.MonthlyWeekDay != tt.day || r.MonthlyDay != 0 {
				t.Fatalf("Zoom series: type %d recurrence %+v", zms[0].Type, r)
			}
			m, err := e.db.GetMeeting(e.ctx(), zms[0].ID)
			if err != nil || len(m.Occurrences) < 2 {
				t.Fatalf("stored occurrences: %v %v", m, err)
			}
			ny, _ := time.LoadLocation("America/New_York")
			got := []string{m.Occurrences[0].Start.In(ny).Format("2006-01-02 15:04"), m.Occurrences[1].Start.In(ny).Format("2006-01-02 15:04")}
			if got[0] != tt.first || got[1] != tt.second {
				t.Errorf("occurrences %v, want %s, %s", got, tt.first, tt.second)
			}
			post := e.one("the post", postIn(testChannel))
			if !strings.Contains(text(post), tt.rule) {
				t.Errorf("the post does not say %q: %s", tt.rule, text(post))
			}
			e.command("UANA", testChannel, "list")
			list := e.one("the list", and(privateTo("UANA"), contains("Your upcoming")))
			if !strings.Contains(text(list), tt.rule) || !strings.Contains(text(list), tt.listRecent) {
				t.Errorf("the list does not say %q on %s: %s", tt.rule, tt.listRecent, text(list))
			}
			e.settle(e.slack.OpenHome(e.ctx(), "UANA"))
			home, _ := e.slack.HomeView("UANA")
			if !strings.Contains(string(home.JSON), tt.rule) {
				t.Errorf("App Home does not say %q: %s", tt.rule, home.JSON)
			}
		})
	}
}
