package zoombot_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"sigs.k8s.io/yaml"

	"github.com/zoombot/zoombot"
	"github.com/zoombot/zoombot/internal/specs"
)

func manifestJSON(t *testing.T) any {
	t.Helper()
	raw, err := yaml.YAMLToJSON(zoombot.Manifest)
	if err != nil {
		t.Fatalf("manifest.yaml: %v", err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	raw, err := specs.Read(specs.SlackManifest)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	dropLookaheads(doc)
	c := jsonschema.NewCompiler()
	if err := c.AddResource("manifest.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("manifest.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dropLookaheads rewrites, in memory, the two patterns in Slack's schema that
// use a negative lookahead (unfurl_domains, outgoing_domains): Go's RE2 has
// none, and the metaschema check rejects the whole file for them. Our manifest
// sets neither field, so the rest of each pattern is enough.
func dropLookaheads(v any) {
	const lookahead = `^(?![\.\-])`
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			if p, ok := child.(string); ok && k == "pattern" && strings.HasPrefix(p, lookahead) {
				v[k] = "^" + strings.TrimPrefix(p, lookahead)
				continue
			}
			dropLookaheads(child)
		}
	case []any:
		for _, child := range v {
			dropLookaheads(child)
		}
	}
}

func TestManifestValidatesAgainstSlackSchema(t *testing.T) {
	if err := compileSchema(t).Validate(manifestJSON(t)); err != nil {
		t.Fatalf("manifest.yaml does not validate:\n%v", err)
	}
}

// The schema check must be able to fail, or the test above proves nothing.
func TestManifestSchemaRejectsBrokenManifest(t *testing.T) {
	s := compileSchema(t)
	m := manifestJSON(t).(map[string]any)
	m["display_information"].(map[string]any)["name"] = ""
	m["not_a_field"] = true
	if err := s.Validate(m); err == nil {
		t.Fatal("a manifest with an empty name and an unknown field validated")
	}
}

func TestManifestHasWhatTheBotNeeds(t *testing.T) {
	var m struct {
		Features struct {
			AppHome struct {
				HomeTabEnabled bool `json:"home_tab_enabled"`
			} `json:"app_home"`
			SlashCommands []struct {
				Command      string `json:"command"`
				Description  string `json:"description"`
				UsageHint    string `json:"usage_hint"`
				ShouldEscape bool   `json:"should_escape"`
			} `json:"slash_commands"`
		} `json:"features"`
		OAuth struct {
			Scopes struct {
				Bot []string `json:"bot"`
			} `json:"scopes"`
		} `json:"oauth_config"`
		Settings struct {
			Events struct {
				BotEvents []string `json:"bot_events"`
			} `json:"event_subscriptions"`
			Interactivity struct {
				IsEnabled bool `json:"is_enabled"`
			} `json:"interactivity"`
			SocketMode bool `json:"socket_mode_enabled"`
		} `json:"settings"`
	}
	raw, err := yaml.YAMLToJSON(zoombot.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	for _, scope := range []string{"commands", "chat:write", "chat:write.public", "im:write", "users:read", "users:read.email"} {
		if !slices.Contains(m.OAuth.Scopes.Bot, scope) {
			t.Errorf("bot scope %q missing", scope)
		}
	}
	if !m.Settings.SocketMode || !m.Settings.Interactivity.IsEnabled {
		t.Error("Socket Mode and interactivity must be on")
	}
	if !m.Features.AppHome.HomeTabEnabled || !slices.Contains(m.Settings.Events.BotEvents, "app_home_opened") {
		t.Error("the App Home tab and app_home_opened are needed")
	}
	if len(m.Features.SlashCommands) != 1 || m.Features.SlashCommands[0].Command != "/zoom" ||
		m.Features.SlashCommands[0].Description == "" || m.Features.SlashCommands[0].UsageHint == "" {
		t.Errorf("want one /zoom command with a description and usage hint, got %+v", m.Features.SlashCommands)
	}
	if !m.Features.SlashCommands[0].ShouldEscape {
		t.Error("should_escape must be on so mentions arrive as <@U…> ids")
	}
}
