package zoomtest_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/zoombot/zoombot/internal/specs"
)

// The spec files are large (2.7 MB); load each once per test binary.
var loadedSpecs struct {
	sync.Mutex
	loaded map[string]*loadedSpec
}

type loadedSpec struct {
	doc    *openapi3.T
	router routers.Router
	fixes  specFixes
}

// specFixes counts the in-memory patches applied to a spec, so a test can
// assert each known fault was found (a new spec version may drop one).
type specFixes struct {
	boolRequired, spacedType, oneOfStrings, weeklyDays, missingParams int
}

// loadSpec reads a spec from internal/specs, patches its known faults
// and builds a router over it.
func loadSpec(t *testing.T, name string) *loadedSpec {
	t.Helper()
	loadedSpecs.Lock()
	defer loadedSpecs.Unlock()
	if s, ok := loadedSpecs.loaded[name]; ok {
		return s
	}
	raw, err := specs.Read(name)
	if err != nil {
		t.Fatal(err)
	}
	var tree map[string]any
	if err := json.Unmarshal(raw, &tree); err != nil {
		t.Fatal(err)
	}
	var fixes specFixes
	patchTree(tree, "", &fixes)
	fixes.missingParams = patchMissingParams(tree)
	data, err := json.Marshal(tree)
	if err != nil {
		t.Fatal(err)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	patchMeetingResponses(doc)
	// Many example and default values contradict their own schemas
	// (zoom-api.md, "Loading ... with kin-openapi"); they document, they
	// do not constrain the wire, so their validation is off.
	router, err := legacy.NewRouter(doc, openapi3.DisableExamplesValidation(), openapi3.DisableSchemaDefaultsValidation())
	if err != nil {
		t.Fatalf("router for %s: %v", name, err)
	}
	if loadedSpecs.loaded == nil {
		loadedSpecs.loaded = map[string]*loadedSpec{}
	}
	s := &loadedSpec{doc: doc, router: router, fixes: fixes}
	loadedSpecs.loaded[name] = s
	return s
}

// patchTree fixes, in the decoded JSON, the faults that stop the loader or
// reject valid traffic everywhere in the file.
func patchTree(node any, key string, fixes *specFixes) {
	switch n := node.(type) {
	case []any:
		for _, v := range n {
			patchTree(v, "", fixes)
		}
	case map[string]any:
		if key == "schema" || key == "items" || key == "property" {
			// A schema's "required" must be a list of names. The spec's
			// PATCH /rooms/{id}/events has a property with required: true
			// (a boolean), which makes the loader reject the whole file.
			if _, isBool := n["required"].(bool); isBool {
				delete(n, "required")
				fixes.boolRequired++
			}
			// BillingContactRequired.employee_count spells its type key
			// "type " (trailing space), so it has no type at all.
			if v, ok := n["type "]; ok {
				delete(n, "type ")
				n["type"] = v
				fixes.spacedType++
			}
			// oneOf lists whose options are all plain strings (the userId
			// parameter: id | email | "me") match any string several
			// times, so oneOf fails on every value. Zoom means anyOf.
			if opts, ok := n["oneOf"].([]any); ok && allStrings(opts) {
				delete(n, "oneOf")
				n["anyOf"] = opts
				fixes.oneOfStrings++
			}
			// weekly_days is documented as "1".."7" or a comma list such as
			// "1,3", but its enum lists single days only, so a valid
			// multi-day weekly meeting would fail. Replace the enum by the
			// documented shape.
			if key == "property" && isWeeklyDays(n) {
				delete(n, "enum")
				n["pattern"] = `^[1-7](,[1-7])*$`
				fixes.weeklyDays++
			}
		}
		for k, v := range n {
			childKey := k
			switch k {
			case "schema", "items":
			case "properties":
				if props, ok := v.(map[string]any); ok {
					for _, pv := range props {
						patchTree(pv, "property", fixes)
					}
					continue
				}
			case "oneOf", "anyOf", "allOf":
				if list, ok := v.([]any); ok {
					for _, item := range list {
						patchTree(item, "schema", fixes)
					}
					continue
				}
			default:
				childKey = ""
			}
			patchTree(v, childKey, fixes)
		}
	}
}

func allStrings(opts []any) bool {
	for _, o := range opts {
		m, ok := o.(map[string]any)
		if !ok || m["type"] != "string" {
			return false
		}
	}
	return len(opts) > 0
}

func isWeeklyDays(n map[string]any) bool {
	enum, ok := n["enum"].([]any)
	if !ok || n["type"] != "string" || len(enum) != 7 {
		return false
	}
	for i, v := range enum {
		if v != fmt.Sprint(i+1) {
			return false
		}
	}
	return true
}

// patchMissingParams declares path parameters the spec uses but never
// declares: /contacts/groups/{groupId}/members lacks groupId, which the
// loader's validation rejects. It returns how many it declared.
func patchMissingParams(tree map[string]any) int {
	n := 0
	paths, _ := tree["paths"].(map[string]any)
	re := regexp.MustCompile(`\{([^}]+)\}`)
	for path, item := range paths {
		pi, ok := item.(map[string]any)
		if !ok {
			continue
		}
		for _, m := range re.FindAllStringSubmatch(path, -1) {
			if !declaresParam(pi, m[1]) {
				params, _ := pi["parameters"].([]any)
				pi["parameters"] = append(params, map[string]any{
					"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"},
				})
				n++
			}
		}
	}
	return n
}

// declaresParam reports whether the path item or every one of its
// operations declares the path parameter name.
func declaresParam(pi map[string]any, name string) bool {
	has := func(list any) bool {
		params, _ := list.([]any)
		return slices.ContainsFunc(params, func(p any) bool {
			m, _ := p.(map[string]any)
			return m["name"] == name && m["in"] == "path"
		})
	}
	if has(pi["parameters"]) {
		return true
	}
	ops := 0
	for _, method := range []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"} {
		op, ok := pi[method].(map[string]any)
		if !ok {
			continue
		}
		ops++
		if !has(op["parameters"]) {
			return false
		}
	}
	return ops > 0
}

// patchMeetingResponses adds to the create-meeting 201 schema the fields
// real responses carry but the spec omits (zoom-api.md §3.1: uuid, host_id,
// status, encrypted_password; zoom-lib-golang and mattermost model them).
// Declaring them keeps them type-checked instead of merely tolerated.
func patchMeetingResponses(doc *openapi3.T) {
	pi := doc.Paths.Value("/users/{userId}/meetings")
	if pi == nil || pi.Post == nil {
		return
	}
	resp := pi.Post.Responses.Status(201)
	if resp == nil || resp.Value == nil {
		return
	}
	mt := resp.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return
	}
	props := mt.Schema.Value.Properties
	props["uuid"] = openapi3.NewSchemaRef("", openapi3.NewStringSchema())
	props["host_id"] = openapi3.NewSchemaRef("", openapi3.NewStringSchema())
	props["encrypted_password"] = openapi3.NewSchemaRef("", openapi3.NewStringSchema())
	props["status"] = openapi3.NewSchemaRef("", openapi3.NewStringSchema().WithEnum("waiting", "started"))
}

// zoomDateTime accepts RFC 3339 date-times and Zoom's local form
// "yyyy-MM-ddTHH:mm:ss" (sent with timezone), which the spec declares as
// date-time although it has no offset.
var zoomDateTime = openapi3.NewCallbackValidator(func(v string) error {
	if _, err := time.Parse(time.RFC3339, v); err == nil {
		return nil
	}
	if _, err := time.Parse("2006-01-02T15:04:05", v); err == nil {
		return nil
	}
	return fmt.Errorf("not an RFC 3339 or Zoom local date-time: %q", v)
})

func TestSpecsLoad(t *testing.T) {
	m := loadSpec(t, specs.ZoomMeetings)
	if m.fixes.boolRequired == 0 || m.fixes.spacedType == 0 || m.fixes.oneOfStrings == 0 || m.fixes.weeklyDays == 0 || m.fixes.missingParams == 0 {
		t.Errorf("meeting spec: a known fault was not found (%+v); update the patches", m.fixes)
	}
	t.Logf("meeting spec fixes: %+v", m.fixes)
	u := loadSpec(t, specs.ZoomUsers)
	t.Logf("users spec fixes: %+v", u.fixes)
}
