// Package bot is zoombot's application layer: the /zoom command grammar, the
// scheduling logic, Block Kit rendering, and what it does with the
// envelopes its Socket Mode connection (bot/slacksocket) reads.
//
// Handlers take plain inputs (a Command, never a websocket) and return what
// the user sees separately from the error that gets logged; one function
// (Bot.userReply) turns errors into user messages.
//
// It may import zoom, storage, bot/timeparse, bot/slacksocket and slack-go. It must not import
// cmd/..., and the fakes (zoom/zoomtest, bot/slacktest) only from tests.
//
// # Where things are
//
//   - grammar.go reads the text of a /zoom command into a Command;
//     cmd_dispatch.go sends it to the handler of its verb, one file each:
//     cmd_schedule.go (schedule, now), cmd_list.go, cmd_cancel.go,
//     cmd_move.go (move: which meeting, by ID or topic words; move_time.go
//     reads the new time), cmd_pool.go.
//   - form_view.go renders the schedule form (the modal) and opens it;
//     form_submit.go reads and checks a submitted form; form_edit.go is
//     the edit form (/zoom edit, the Edit button) and its submission.
//   - Changing a meeting, whether moved or edited: change.go runs it
//     exactly once (request row, checks, PATCH, record), change_check.go
//     checks the new slot, change_zoom.go builds the PATCH, reads the
//     meeting back and retries while Zoom is down, change_announce.go
//     tells everyone; series.go moves a series' rule.
//   - interactions.go handles button clicks; render.go, home.go and
//     mrkdwn.go are the Block Kit of messages, App Home and text.
//   - socket.go runs the connection: each envelope is acked as it is read
//     (bot/slacksocket), counted (inflight.go), and its work started once
//     a burst is over (burstgate.go).
//   - Exactly once: journal.go records each acked envelope, schedule.go,
//     hosts.go and execute.go run a scheduling request step by step,
//     announce.go posts the result, leases.go and recover.go finish work
//     a stopped replica left; meeting_ref.go finds the meeting a command
//     or button names; users.go caches Slack users and maps them to Zoom
//     users.
//   - webhook.go follows Zoom's meeting events (webhook_updated.go the
//     changes made in the Zoom app; aftermeeting.go and
//     aftermeeting_render.go the recording, summary and attendance);
//     reminders.go posts reminders; calendar.go renders Google Calendar
//     links and .ics files; errors.go and metrics.go are the user-facing
//     errors and the measurements.
package bot
