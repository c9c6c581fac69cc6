// Package metrics keeps zoombot's Prometheus metrics: it implements
// bot.Metrics and takes the Zoom client's and token source's callbacks.
//
// Each Metrics has its own registry rather than Prometheus's global one, so
// tests can make as many as they like and /metrics shows only these families
// (plus the Go runtime and process collectors).
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/zoombot/zoombot/bot"
	"github.com/zoombot/zoombot/zoom"
)

// The metric families, named here so tests and docs can refer to them.
const (
	Commands          = "zoombot_commands_total"
	AckLatency        = "zoombot_ack_latency_seconds"
	AnnounceLatency   = "zoombot_announce_latency_seconds"
	ZoomRequests      = "zoombot_zoom_requests_total"
	ZoomRequestTime   = "zoombot_zoom_request_duration_seconds"
	RateLimitWaits    = "zoombot_zoom_rate_limit_waits_total"
	RateLimitWaitTime = "zoombot_zoom_rate_limit_wait_seconds_total"
	TokenFetches      = "zoombot_zoom_token_fetches_total"
	Reconciliations   = "zoombot_reconciliations_total"
	MeetingsScheduled = "zoombot_meetings_scheduled_total"
	SocketReconnects  = "zoombot_socket_reconnects_total"
)

// Families lists every family this package defines.
var Families = []string{
	Commands, AckLatency, AnnounceLatency, ZoomRequests, ZoomRequestTime, RateLimitWaits,
	RateLimitWaitTime, TokenFetches, Reconciliations, MeetingsScheduled, SocketReconnects,
}

// An ack must leave within Slack's 3 s; a healthy one takes well under a
// millisecond, so the buckets reach down to 100 µs.
var ackBuckets = []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3}

// Announcing takes a Zoom call and a few Slack calls, normally around a
// second, but a Zoom outage retries for up to 10 minutes.
var announceBuckets = []float64{0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60, 120, 300, 600}

var zoomBuckets = []float64{0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

// Metrics is the Prometheus implementation of bot.Metrics. Create it with
// New; it is safe for concurrent use.
type Metrics struct {
	reg *prometheus.Registry

	commands        *prometheus.CounterVec
	ack             *prometheus.HistogramVec
	announce        prometheus.Histogram
	zoomRequests    *prometheus.CounterVec
	zoomTime        *prometheus.HistogramVec
	rateWaits       *prometheus.CounterVec
	rateWaitSeconds *prometheus.CounterVec
	tokenFetches    *prometheus.CounterVec
	reconciliations *prometheus.CounterVec
	scheduled       prometheus.Counter
	reconnects      prometheus.Counter
}

var _ bot.Metrics = (*Metrics)(nil)

// New returns Metrics registered on a registry of their own.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: Commands, Help: "Slash commands and actions finished, by kind and outcome (ok, user_error, error, duplicate, unavailable).",
		}, []string{"kind", "outcome"}),
		ack: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: AckLatency, Help: "Time from reading a Socket Mode envelope to acking it, by envelope type.",
			Buckets: ackBuckets,
		}, []string{"type"}),
		announce: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: AnnounceLatency, Help: "Time from reading a scheduling envelope to posting the meeting in its channel.",
			Buckets: announceBuckets,
		}),
		zoomRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: ZoomRequests, Help: "Zoom API HTTP attempts by endpoint and status (\"error\" when no response came).",
		}, []string{"endpoint", "status"}),
		zoomTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: ZoomRequestTime, Help: "Duration of Zoom API HTTP attempts by endpoint.",
			Buckets: zoomBuckets,
		}, []string{"endpoint"}),
		rateWaits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: RateLimitWaits, Help: "Waits before a Zoom call because of a rate limit, by Zoom's rate-limit category.",
		}, []string{"category"}),
		rateWaitSeconds: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: RateLimitWaitTime, Help: "Total time spent in those waits, by category.",
		}, []string{"category"}),
		tokenFetches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: TokenFetches, Help: "Zoom Server-to-Server OAuth token requests by result (ok, error).",
		}, []string{"result"}),
		reconciliations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: Reconciliations, Help: "Reconciliations of Zoom creates by result (unknown_outcome, adopted, not_found, resumed).",
		}, []string{"result"}),
		scheduled: prometheus.NewCounter(prometheus.CounterOpts{
			Name: MeetingsScheduled, Help: "Meetings created in Zoom and stored.",
		}),
		reconnects: prometheus.NewCounter(prometheus.CounterOpts{
			Name: SocketReconnects, Help: "Socket Mode connections after the first.",
		}),
	}
	m.reg.MustRegister(m.commands, m.ack, m.announce, m.zoomRequests, m.zoomTime, m.rateWaits,
		m.rateWaitSeconds, m.tokenFetches, m.reconciliations, m.scheduled, m.reconnects,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Series that alerts watch exist from the start at zero, so a rate()
	// over them works before the first event.
	for _, r := range []string{"unknown_outcome", "adopted", "not_found", "resumed"} {
		m.reconciliations.WithLabelValues(r)
	}
	for _, c := range []zoom.Category{zoom.CategoryLight, zoom.CategoryMedium, zoom.CategoryHeavy} {
		m.rateWaits.WithLabelValues(string(c))
		m.rateWaitSeconds.WithLabelValues(string(c))
	}
	for _, r := range []string{"ok", "error"} {
		m.tokenFetches.WithLabelValues(r)
	}
	return m
}

// Registry is where the families are registered, for tests and for adding
// collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the registry in Prometheus's exposition format (/metrics).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// CommandDone implements bot.Metrics.
func (m *Metrics) CommandDone(kind, outcome string) { m.commands.WithLabelValues(kind, outcome).Inc() }

// Acked implements bot.Metrics.
func (m *Metrics) Acked(envelopeType string, d time.Duration) {
	m.ack.WithLabelValues(envelopeType).Observe(d.Seconds())
}

// Announced implements bot.Metrics.
func (m *Metrics) Announced(d time.Duration) { m.announce.Observe(d.Seconds()) }

// Reconciliation implements bot.Metrics.
func (m *Metrics) Reconciliation(result string) { m.reconciliations.WithLabelValues(result).Inc() }

// MeetingScheduled implements bot.Metrics.
func (m *Metrics) MeetingScheduled() { m.scheduled.Inc() }

// Reconnected implements bot.Metrics.
func (m *Metrics) Reconnected() { m.reconnects.Inc() }

// ZoomCall counts one Zoom API attempt; it fits zoom.Config.OnCall.
func (m *Metrics) ZoomCall(c zoom.CallInfo) {
	status := "error"
	if c.Status != 0 {
		status = strconv.Itoa(c.Status)
	}
	m.zoomRequests.WithLabelValues(c.Endpoint, status).Inc()
	m.zoomTime.WithLabelValues(c.Endpoint).Observe(c.Duration.Seconds())
}

// RateLimitWait counts one wait for a Zoom rate limit; it fits
// zoom.Config.OnRateLimitWait.
func (m *Metrics) RateLimitWait(cat zoom.Category, d time.Duration) {
	m.rateWaits.WithLabelValues(string(cat)).Inc()
	m.rateWaitSeconds.WithLabelValues(string(cat)).Add(d.Seconds())
}

// TokenFetch counts one Zoom token request; it fits zoom.S2SConfig.OnFetch.
func (m *Metrics) TokenFetch(err error) {
	result := "ok"
	if err != nil {
		result = "error"
	}
	m.tokenFetches.WithLabelValues(result).Inc()
}
