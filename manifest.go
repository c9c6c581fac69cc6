// Package zoombot holds files that belong to the whole product rather than to
// one layer, such as the Slack app manifest that `zoombot check` compares the
// bot token's scopes against.
package zoombot

import _ "embed"

// Manifest is manifest.yaml, the Slack app manifest admins paste into
// api.slack.com to create the app.
//
//go:embed manifest.yaml
var Manifest []byte
