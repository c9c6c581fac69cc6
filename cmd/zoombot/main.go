// Command zoombot is the Slack bot that schedules Zoom meetings, plus its
// helper subcommands (check, migrate, export, import, parse, sandbox,
// healthcheck).
//
// main only calls run, which takes every OS input, so tests drive the whole
// program with a map-backed getenv and buffers.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	_ "time/tzdata" // Slack users' zones must load even in a minimal image
)

// exitError carries a process exit code other than 1 (2 for bad usage or
// configuration) up to main.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErr(format string, a ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, a...)}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return
	}
	code := 1
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	if msg := err.Error(); msg != "" {
		fmt.Fprintln(os.Stderr, "zoombot:", msg)
	}
	os.Exit(code)
}

const usage = `zoombot schedules Zoom meetings from Slack.

Usage:
  zoombot [run] [flags]      start the bot (configuration from env vars; flags mirror them)
  zoombot check [flags]      check the configuration against Slack, Zoom and the database (same env vars and flags as run); changes nothing
  zoombot migrate [flags]    apply the database migrations and exit (ZOOMBOT_DB or ZOOMBOT_DATABASE_URL)
  zoombot export [flags]     write the whole database as JSON lines, for zoombot import
  zoombot import [flags]     read an export into an empty database (SQLite to PostgreSQL, or back)
  zoombot sandbox            try the whole bot offline, against a fake Slack and Zoom
  zoombot parse [flags] TEXT show how a /zoom schedule phrase is read
  zoombot healthcheck        exit 0 if the running bot's /healthz answers (for Docker's HEALTHCHECK)
  zoombot help               this text

Run "zoombot <command> -h" for a command's flags.
`

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "run"
	if len(args) > 0 && !isFlag(args[0]) {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "run":
		return runCommand(ctx, args, getenv, stderr)
	case "check":
		return runCheck(ctx, args, getenv, stdout, stderr)
	case "migrate":
		return runMigrate(ctx, args, getenv, stdout, stderr)
	case "export":
		return runExport(ctx, args, getenv, stdout, stderr)
	case "import":
		return runImport(ctx, args, getenv, stdin, stderr)
	case "parse":
		return runParse(ctx, args, stdout, stderr)
	case "sandbox":
		return runSandbox(ctx, args, stdin, stdout, stderr)
	case "healthcheck":
		return runHealthcheck(ctx, args, getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return usageErr("unknown command %q", cmd)
	}
}

func isFlag(s string) bool { return len(s) > 0 && s[0] == '-' && s != "-h" && s != "--help" }
