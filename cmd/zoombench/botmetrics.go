package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

// freeAddr returns a loopback address with a port that was free a moment
// ago, for the bot's HTTP server (/metrics).
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// botAck is the bot's own view of ack latency: zoombot_ack_latency_seconds,
// from reading an envelope in its dispatch loop to acking it. It leaves out
// the socket read and slack-go's hand-offs that the fake's figure includes.
// Quantiles are histogram bucket bounds: "at most".
type botAck struct {
	N       int     `json:"n"`
	P50Max  float64 `json:"p50_at_most_ms"`
	P99Max  float64 `json:"p99_at_most_ms"`
	Scraped bool    `json:"scraped"`
}

// scrapeAck reads each replica's /metrics and summarises their ack
// histograms together, over all envelope types. A bot without the HTTP
// server gives Scraped false.
func scrapeAck(ctx context.Context, addrs ...string) botAck {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var bodies []io.Reader
	for _, addr := range addrs {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/metrics", nil)
		if err != nil {
			return botAck{}
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return botAck{}
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return botAck{}
		}
		bodies = append(bodies, res.Body)
	}
	return parseAckHistogram(io.MultiReader(bodies...))
}

// parseAckHistogram sums the cumulative buckets of
// zoombot_ack_latency_seconds across labels and reads off the quantiles.
func parseAckHistogram(r io.Reader) botAck {
	cum := map[float64]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "zoombot_ack_latency_seconds_bucket{") {
			continue
		}
		i := strings.Index(line, `le="`)
		j := strings.LastIndexByte(line, ' ')
		if i < 0 || j < 0 {
			continue
		}
		leText, _, _ := strings.Cut(line[i+4:], `"`)
		le, err := strconv.ParseFloat(leText, 64) // "+Inf" parses as +Inf
		if err != nil {
			continue
		}
		n, err := strconv.ParseFloat(line[j+1:], 64)
		if err != nil {
			continue
		}
		cum[le] += int(n)
	}
	var bounds []float64
	for le := range cum {
		bounds = append(bounds, le)
	}
	sort.Float64s(bounds)
	if len(bounds) == 0 {
		return botAck{}
	}
	a := botAck{Scraped: true, N: cum[bounds[len(bounds)-1]]}
	q := func(p float64) float64 {
		for _, le := range bounds {
			if float64(cum[le]) >= p*float64(a.N) {
				return le * 1000
			}
		}
		return bounds[len(bounds)-1] * 1000
	}
	if a.N > 0 {
		a.P50Max, a.P99Max = q(0.50), q(0.99)
	}
	return a
}

// procCPU is the CPU time (user + system) a process has used, from
// /proc/PID/stat; 0 where /proc is missing.
func procCPU(pid int) time.Duration {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the parenthesised command name; utime and stime are
	// fields 14 and 15 of the whole line, in clock ticks (100 per second
	// on Linux).
	s := string(raw)
	k := strings.LastIndexByte(s, ')')
	if k < 0 {
		return 0
	}
	f := strings.Fields(s[k+1:])
	if len(f) < 13 {
		return 0
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(ut+st) * (time.Second / 100)
}
