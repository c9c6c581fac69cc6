package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/zoombot/zoombot/storage"
)

// parseDatabaseFlags reads only the database settings (ZOOMBOT_DB and
// ZOOMBOT_DATABASE_URL, with the flags of `zoombot run`): migrate, export
// and import need no Slack or Zoom credentials. It returns the target for
// storage.Open.
func parseDatabaseFlags(name string, args []string, getenv func(string) string, stderr io.Writer, extra func(*flag.FlagSet)) (string, error) {
	raw := map[string]*string{}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var list []setting
	for _, s := range settings(raw) {
		if s.env == "ZOOMBOT_DB" || s.env == "ZOOMBOT_DATABASE_URL" {
			list = append(list, s)
			help := fmt.Sprintf("%s (env %s", s.help, s.env)
			if s.def != "" {
				help += ", default " + s.def
			}
			fs.StringVar(s.dst, s.flag, "", help+")")
		}
	}
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", err
		}
		return "", &exitError{code: 2, err: err}
	}
	if fs.NArg() > 0 {
		return "", usageErr("unexpected argument %q", fs.Arg(0))
	}
	for _, s := range list {
		if *s.dst == "" {
			*s.dst = strings.TrimSpace(getenv(s.env))
		}
		if *s.dst == "" {
			*s.dst = s.def
		}
	}
	cfg := config{DB: *raw["ZOOMBOT_DB"], DatabaseURL: *raw["ZOOMBOT_DATABASE_URL"]}
	if cfg.DatabaseURL != "" && !storage.IsPostgresURL(cfg.DatabaseURL) {
		return "", usageErr("ZOOMBOT_DATABASE_URL must be a postgres:// or postgresql:// URL")
	}
	return cfg.database(), nil
}

// runMigrate is `zoombot migrate`: it applies the migrations the database
// lacks and exits. Starting the bot migrates too; this is for a deploy
// step that runs before the new version's replicas start.
func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	target, err := parseDatabaseFlags("zoombot migrate", args, getenv, stderr, nil)
	if err != nil {
		return err
	}
	before, err := storage.Inspect(ctx, target)
	if err != nil {
		return fmt.Errorf("%s: %w", databaseName(target), err)
	}
	if before.Newer {
		return fmt.Errorf("%s was migrated by a newer zoombot (%d migrations recorded); run that version", databaseName(target), before.Applied)
	}
	db, err := storage.Open(ctx, target) // Open migrates
	if err != nil {
		return fmt.Errorf("%s: %w", databaseName(target), err)
	}
	defer db.Close()
	if len(before.Pending) == 0 {
		fmt.Fprintf(stdout, "%s: migrations current (%d); nothing to do.\n", databaseName(target), before.Applied)
		return nil
	}
	fmt.Fprintf(stdout, "%s: applied %s.\n", databaseName(target), strings.Join(before.Pending, ", "))
	return nil
}

// runExport is `zoombot export`: the whole database as JSON lines on
// stdout (or -o FILE), for `zoombot import` into another engine.
func runExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var out string
	target, err := parseDatabaseFlags("zoombot export", args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "o", "", "write the export to this file (mode 0600) instead of standard output")
	})
	if err != nil {
		return err
	}
	st, err := storage.Inspect(ctx, target)
	switch {
	case err != nil:
		return fmt.Errorf("%s: %w", databaseName(target), err)
	case !st.Exists:
		return fmt.Errorf("%s does not exist", databaseName(target))
	case len(st.Pending) > 0 || st.Newer:
		return fmt.Errorf("%s is not migrated to this version (%d pending); run zoombot migrate first", databaseName(target), len(st.Pending))
	}
	db, err := storage.OpenNoMigrate(ctx, target)
	if err != nil {
		return err
	}
	defer db.Close()
	w := stdout
	if out != "" {
		// The export holds e-mails, passcodes and join links: as private
		// as the database itself.
		f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	counts, err := db.Export(ctx, w)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "exported %s: %s\n", databaseName(target), counts)
	return nil
}

// runImport is `zoombot import`: an export from stdin (or -i FILE) into
// an empty database, migrated first.
func runImport(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stderr io.Writer) error {
	var in string
	target, err := parseDatabaseFlags("zoombot import", args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&in, "i", "", "read the export from this file instead of standard input")
	})
	if err != nil {
		return err
	}
	r := stdin
	if in != "" {
		f, err := os.Open(in)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	db, err := storage.Open(ctx, target)
	if err != nil {
		return fmt.Errorf("%s: %w", databaseName(target), err)
	}
	defer db.Close()
	counts, err := db.Import(ctx, r)
	if errors.Is(err, storage.ErrNotEmpty) {
		return fmt.Errorf("%s already holds data; import only into an empty database (%w)", databaseName(target), err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "imported into %s: %s\n", databaseName(target), counts)
	return nil
}
