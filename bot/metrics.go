package bot

import "time"

// Metrics receives the bot's measurements. The Prometheus implementation
// lives outside this package; nil means none are kept.
type Metrics interface {
	// CommandDone counts a finished command or action by kind (schedule,
	// list, cancel, form, start, …) and outcome (ok, user_error, error,
	// duplicate).
	CommandDone(kind, outcome string)
	// Acked observes the time from reading an envelope to acking it.
	Acked(envelopeType string, d time.Duration)
	// Announced observes the time from envelope to channel message.
	Announced(d time.Duration)
	// Reconciliation counts reconciliations by result (unknown_outcome,
	// adopted, not_found, resumed).
	Reconciliation(result string)
	// MeetingScheduled counts meetings created in Zoom and stored.
	MeetingScheduled()
	// Reconnected counts Socket Mode connections after the first.
	Reconnected()
}

type noMetrics struct{}

func (noMetrics) CommandDone(string, string)  {}
func (noMetrics) Acked(string, time.Duration) {}
func (noMetrics) Announced(time.Duration)     {}
func (noMetrics) Reconciliation(string)       {}
func (noMetrics) MeetingScheduled()           {}
func (noMetrics) Reconnected()                {}
