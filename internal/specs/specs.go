// Package specs carries the published API documents that the fakes and the
// manifest are checked against: Zoom's Meeting and Users OpenAPI documents,
// Slack's Web API OpenAPI document and Slack's app-manifest JSON Schema,
// stripped of their prose by ./strip (README.md says where each comes from).
//
// Only tests import it: the documents are embedded, and the zoombot binary
// must not carry them.
package specs

import (
	"embed"
	"io/fs"
)

//go:embed *.json
var files embed.FS

// The documents, by file name.
const (
	ZoomMeetings  = "zoom-meeting-api.openapi.json"
	ZoomUsers     = "zoom-users-api-2026.openapi.json"
	SlackWebAPI   = "slack-web-api.openapi.json"
	SlackManifest = "slack-app-manifest.schema.1.0.0.json"
	// ZoomAfterMeeting is written here from Zoom's reference: the meeting
	// summary endpoint and the webhook events the other Zoom documents lack.
	ZoomAfterMeeting = "zoom-after-meeting.openapi.json"
)

// Read returns one document's bytes.
func Read(name string) ([]byte, error) { return fs.ReadFile(files, name) }
