package slacktest_test

import (
	"testing"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/bot/slacktest"
)

// zoombot check reads the granted scopes from auth.test's X-OAuth-Scopes
// header, through slack-go's AuthTestResponse.Header.
func TestAuthTestSendsGrantedScopes(t *testing.T) {
	tests := []struct{ name, configured, want string }{
		{"default: the manifest's scopes", "", slacktest.DefaultBotScopes},
		{"configured", "commands,chat:write", "commands,chat:write"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := slacktest.NewServer()
			s.BotScopes = tt.configured
			s.Start()
			t.Cleanup(s.Close)
			r, err := slack.New("xoxb-test-token", slack.OptionAPIURL(s.APIURL())).AuthTest()
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Header.Get("X-OAuth-Scopes"); got != tt.want {
				t.Errorf("X-OAuth-Scopes = %q, want %q", got, tt.want)
			}
		})
	}
}
