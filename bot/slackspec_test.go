package bot

import (
	"encoding/json"
	"sort"
	"sync"
	"testing"

	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/internal/specs"
)

// slackSpec holds, per Web API method, the argument names Slack's Web API
// document declares. The document is from 2020 and is used for names only
// (it models views.* as GET, which does not matter here).
var slackSpec struct {
	once    sync.Once
	methods map[string]map[string]bool
	err     error
}

// specGaps are methods the document lacks although Slack has them.
var specGaps = map[string]bool{
	"apps.connections.open": true, // Socket Mode came after the document
}

func slackMethodArgs(t testing.TB) map[string]map[string]bool {
	t.Helper()
	slackSpec.once.Do(func() {
		raw, err := specs.Read(specs.SlackWebAPI)
		if err != nil {
			slackSpec.err = err
			return
		}
		var doc struct {
			Paths map[string]map[string]struct {
				Parameters []struct{ Name string } `json:"parameters"`
			} `json:"paths"`
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			slackSpec.err = err
			return
		}
		slackSpec.methods = map[string]map[string]bool{}
		for path, ops := range doc.Paths {
			args := map[string]bool{}
			for _, op := range ops {
				for _, p := range op.Parameters {
					args[p.Name] = true
				}
			}
			slackSpec.methods[path[1:]] = args
		}
	})
	if slackSpec.err != nil {
		t.Fatalf("Slack Web API spec: %v", slackSpec.err)
	}
	return slackSpec.methods
}

// checkCallsAgainstSlackSpec fails the test for any call the bot made to a
// method Slack's document lacks, or with an argument it does not declare:
// the fake accepts what it is given, so a misspelt field would otherwise
// pass every test and be ignored by the real Slack.
func checkCallsAgainstSlackSpec(t testing.TB, calls []slacktest.Call) {
	t.Helper()
	methods := slackMethodArgs(t)
	bad := map[string]bool{}
	for _, c := range calls {
		if specGaps[c.Method] || c.Method == "response_url" {
			continue
		}
		args, ok := methods[c.Method]
		if !ok {
			bad["method "+c.Method] = true
			continue
		}
		for name := range c.Params {
			if !args[name] {
				bad[c.Method+" argument "+name] = true
			}
		}
	}
	var list []string
	for b := range bad {
		list = append(list, b)
	}
	sort.Strings(list)
	for _, b := range list {
		t.Errorf("Slack Web API call not in Slack's spec: %s", b)
	}
}

func TestSlackSpecCheckCanFail(t *testing.T) {
	rec := &recordingTB{TB: t}
	checkCallsAgainstSlackSpec(rec, []slacktest.Call{
		{Method: "chat.postMessage", Params: map[string]any{"channel": "C1", "text": "hi"}},
		{Method: "chat.postMesage", Params: map[string]any{}},
		{Method: "chat.update", Params: map[string]any{"channel": "C1", "ts": "1", "blokcs": "[]"}},
	})
	if rec.errors != 2 {
		t.Errorf("want 2 errors (unknown method, unknown argument), got %d", rec.errors)
	}
}

type recordingTB struct {
	testing.TB
	errors int
}

func (r *recordingTB) Errorf(string, ...any) { r.errors++ }
