// Command zoombench measures the real zoombot under load: it runs the bot
// binary (built from this module, the same code as `zoombot run`) against
// the fake Slack (bot/slacktest) and the fake Zoom (zoom/zoomtest) on
// loopback, drives a burst of /zoom commands, and prints ack and end-to-end
// latency, Zoom call rates against the plan's limits, 429s, duplicates,
// failures, the bot's peak RSS and the SQLite file size.
//
// It exits 1 when any command was lost or made two meetings, and 2 on bad
// flags. See BENCHMARKS.md for how to read the figures.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/zoombot/zoombot/internal/pgtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	pgtest.Stop() // the throwaway PostgreSQL server of -database postgres, if one was started
	os.Exit(code)
}

// run is the whole program; tests call it with their own writers.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	opts, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "zoombench:", err)
		return 2
	}
	if opts.CPUProfile != "" {
		f, err := os.Create(opts.CPUProfile)
		if err != nil {
			fmt.Fprintln(stderr, "zoombench:", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(stderr, "zoombench:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	res, err := bench(ctx, opts, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "zoombench:", err)
		return 1
	}
	if opts.JSON {
		err = writeJSON(stdout, res)
	} else {
		err = writeTable(stdout, res)
	}
	if err != nil {
		fmt.Fprintln(stderr, "zoombench:", err)
		return 1
	}
	if res.Lost > 0 || res.Duplicates > 0 {
		fmt.Fprintf(stderr, "zoombench: %d commands lost, %d duplicated\n", res.Lost, res.Duplicates)
		return 1
	}
	return 0
}
