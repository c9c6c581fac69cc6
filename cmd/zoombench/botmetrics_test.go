package main

import (
	"os"
	"strings"
	"testing"
)

func TestParseAckHistogram(t *testing.T) {
	const page = `# HELP zoombot_ack_latency_seconds Time from reading a Socket Mode envelope to acking it, by envelope type.
# TYPE zoombot_ack_latency_seconds histogram
zoombot_ack_latency_seconds_bucket{envelope_type="slash_commands",le="0.0001"} 40
zoombot_ack_latency_seconds_bucket{envelope_type="slash_commands",le="0.001"} 90
zoombot_ack_latency_seconds_bucket{envelope_type="slash_commands",le="0.01"} 99
zoombot_ack_latency_seconds_bucket{envelope_type="slash_commands",le="+Inf"} 100
zoombot_ack_latency_seconds_bucket{envelope_type="interactive",le="0.0001"} 10
zoombot_ack_latency_seconds_bucket{envelope_type="interactive",le="0.001"} 10
zoombot_ack_latency_seconds_bucket{envelope_type="interactive",le="0.01"} 10
zoombot_ack_latency_seconds_bucket{envelope_type="interactive",le="+Inf"} 10
zoombot_ack_latency_seconds_sum{envelope_type="slash_commands"} 0.5
zoombot_commands_total{kind="schedule",outcome="ok"} 7
`
	got := parseAckHistogram(strings.NewReader(page))
	// 110 acks: 50 within 0.1 ms (p50 needs 55), 100 within 1 ms, 109 within 10 ms (p99 needs 108.9).
	want := botAck{N: 110, P50Max: 1, P99Max: 10, Scraped: true}
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	if got := parseAckHistogram(strings.NewReader("process_cpu_seconds_total 3\n")); got.Scraped {
		t.Fatalf("a page without the histogram gave %+v", got)
	}
}

func TestProcReaders(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc")
	}
	rss, peak := procMemory(os.Getpid())
	if rss <= 0 || peak < rss {
		t.Errorf("procMemory = %d, %d; want 0 < rss <= peak", rss, peak)
	}
	for i := 0; procCPU(os.Getpid()) == 0 && i < 1e8; i++ {
		// burn until the kernel has counted a tick
	}
	if procCPU(os.Getpid()) <= 0 {
		t.Errorf("procCPU stayed 0")
	}
	if procCPU(-1) != 0 {
		t.Errorf("procCPU of no process not 0")
	}
}
