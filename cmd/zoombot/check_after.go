package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/zoombot/zoombot/zoom"
)

// zoomProbeUUID names no meeting instance: Zoom answers 404/3001 for it
// when the token may use the route, and its missing-scope error when not.
const zoomProbeUUID = "zoombot-check"

// zoomAfterMeeting asks Zoom whether the token has the scopes of what the
// bot does after a meeting: the AI Companion summary and the participant
// list it counts attendance from. Neither probe changes anything.
func (c *checker) zoomAfterMeeting(ctx context.Context, zc *zoom.Client) {
	webhooks := c.cfg.ZoomWebhookSecret != ""
	_, err := zc.GetMeetingSummary(ctx, zoomProbeUUID)
	c.scopeItem("Zoom summary scope", err, "meeting_summary:read:admin (granular: meeting:read:summary:admin)",
		"AI Companion summaries", webhooks && !c.cfg.SkipSummaries,
		"or set ZOOMBOT_POST_SUMMARIES=false; without it the bot logs that once and posts no summaries")
	_, err = zc.ListPastParticipants(ctx, zoomProbeUUID)
	c.scopeItem("Zoom participants scope", err, "meeting:read:admin (granular: meeting:read:list_past_participants:admin)",
		"the people who joined a meeting", webhooks,
		"without it the bot logs that once and shows no count on the ended line")
}

// scopeItem reports one probe. A missing scope fails the check when the
// bot would use it (needed), and is a note otherwise.
func (c *checker) scopeItem(name string, err error, scope, what string, needed bool, consequence string) {
	var ze *zoom.Error
	switch {
	case err == nil || zoom.IsNotFound(err):
		c.add(checkPass, name, "the token may read "+what+" ("+scope+")", "")
	case zoom.IsMissingScope(err) && needed:
		c.add(checkFail, name, "the token lacks "+scope, "add it to the Server-to-Server OAuth app, "+consequence)
	case zoom.IsMissingScope(err):
		c.add(checkInfo, name, "the token lacks "+scope, "needed once Zoom webhooks are on (ZOOM_WEBHOOK_SECRET) to read "+what)
	case errors.As(err, &ze):
		c.add(checkInfo, name, fmt.Sprintf("Zoom answered %v", err), "reading "+what+" needs a paid Zoom plan and "+scope)
	default:
		c.add(checkInfo, name, "not checked: "+err.Error(), "")
	}
}
