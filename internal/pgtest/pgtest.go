// Package pgtest gives tests their own PostgreSQL database. With
// ZOOMBOT_TEST_DATABASE_URL set it uses that server; otherwise it starts a
// throwaway server from the machine's PostgreSQL binaries (initdb and
// postgres in a temporary folder, on a free loopback port, as an
// unprivileged user when the tests run as root). With neither, tests that
// ask for a database are skipped and say why, unless
// ZOOMBOT_REQUIRE_POSTGRES=1 (set by .ci/run) turns the skip into a failure.
//
// Only tests and cmd/zoombench import it. A package that uses it calls Stop
// from TestMain (zoombench: before it exits), so the throwaway server ends
// with the process.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// Env names.
const (
	EnvURL     = "ZOOMBOT_TEST_DATABASE_URL" // an existing server to create test databases on
	EnvRequire = "ZOOMBOT_REQUIRE_POSTGRES"  // "1": no PostgreSQL is a failure, not a skip
)

var server struct {
	once     sync.Once
	adminURL string // a URL whose user may CREATE DATABASE
	skip     string // why there is no server
	err      error  // starting one failed
	proc     *exec.Cmd
	exited   chan struct{} // closed when the server process has ended
	dir      string
}

var seq atomic.Int64

// NewDatabase creates an empty database for this test and returns its URL.
// The database is dropped when the test ends.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	admin := adminURL(tb)
	url, drop, err := createDatabase(admin)
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	tb.Cleanup(func() {
		if err := drop(); err != nil {
			tb.Logf("pgtest: %v", err)
		}
	})
	return url
}

// CreateDatabase is NewDatabase outside a test: it starts the server if
// needed and returns the new database's URL and a func that drops it.
func CreateDatabase() (url string, drop func() error, err error) {
	start()
	switch {
	case server.err != nil:
		return "", nil, server.err
	case server.skip != "":
		return "", nil, errors.New(server.skip)
	}
	return createDatabase(server.adminURL)
}

func createDatabase(admin string) (string, func() error, error) {
	name := fmt.Sprintf("zb_%d_%d", os.Getpid(), seq.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return "", nil, err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, fmt.Errorf("create database: %w", err)
	}
	drop := func() error {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			return err
		}
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		// WITH (FORCE) ends sessions left open (PostgreSQL 13+).
		if _, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			return fmt.Errorf("drop database %s: %w", name, err)
		}
		return nil
	}
	u, err := url.Parse(admin)
	if err != nil {
		return "", nil, err
	}
	u.Path = "/" + name
	return u.String(), drop, nil
}

// Available reports whether NewDatabase can work, and if not, why.
func Available() (bool, string) {
	start()
	if server.err != nil {
		return false, server.err.Error()
	}
	return server.skip == "", server.skip
}

func adminURL(tb testing.TB) string {
	tb.Helper()
	start()
	switch {
	case server.err != nil:
		tb.Fatalf("pgtest: %v", server.err)
	case server.skip != "" && os.Getenv(EnvRequire) == "1":
		tb.Fatalf("pgtest: PostgreSQL is required (%s=1) but %s", EnvRequire, server.skip)
	case server.skip != "":
		tb.Skipf("PostgreSQL tests skipped: %s (set %s, or install PostgreSQL's server binaries)", server.skip, EnvURL)
	}
	return server.adminURL
}

func start() {
	server.once.Do(func() {
		if u := os.Getenv(EnvURL); u != "" {
			server.adminURL = u
			return
		}
		bin, err := findBinaries()
		if err != nil {
			server.skip = err.Error()
			return
		}
		server.err = startServer(bin)
	})
}

// findBinaries returns the folder holding initdb and postgres: PATH first,
// then Debian's /usr/lib/postgresql/<version>/bin, newest version first.
func findBinaries() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		dir := filepath.Dir(p)
		if real, err := filepath.EvalSymlinks(p); err == nil {
			dir = filepath.Dir(real)
		}
		if _, err := os.Stat(filepath.Join(dir, "postgres")); err == nil {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i], nil
		}
	}
	return "", errors.New("no PostgreSQL server binaries (initdb, postgres) on this machine")
}

// startServer runs initdb and postgres in a new temporary folder. PostgreSQL
// refuses to run as root, so as root both run as the postgres user (or
// nobody) and the folder is handed to that user.
func startServer(bin string) error {
	dir, err := os.MkdirTemp("", "zoombot-pgtest-")
	if err != nil {
		return err
	}
	server.dir = dir
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		if cred, err = unprivileged(); err != nil {
			return err
		}
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return err
		}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "zoombot", "--auth=trust", "--no-sync", "-E", "UTF8", "--no-locale")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	initdb.Dir = dir
	if out, err := initdb.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %v\n%s", err, out)
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	// fsync off and no full-page writes: a throwaway server needs speed, not
	// crash safety.
	ready := make(chan error, 1)
	go func() {
		// Pdeathsig is tied to the thread that started the child: keep this
		// goroutine on its thread for the life of the server, so the server
		// dies with the test binary even if TestMain never calls Stop.
		runtime.LockOSThread()
		pg := exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-p", strconv.Itoa(port),
			"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="+dir,
			"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
			"-c", "max_connections=300", "-c", "shared_buffers=64MB")
		pg.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT}
		pg.Dir = dir
		logf, _ := os.Create(filepath.Join(dir, "postgres.log"))
		if logf != nil && cred != nil {
			os.Chown(logf.Name(), int(cred.Uid), int(cred.Gid))
		}
		pg.Stdout, pg.Stderr = logf, logf
		if err := pg.Start(); err != nil {
			ready <- fmt.Errorf("postgres: %w", err)
			return
		}
		server.proc = pg
		server.exited = make(chan struct{})
		ready <- nil
		pg.Wait()
		close(server.exited)
		select {} // keep the thread locked: its exit would fire Pdeathsig
	}()
	if err := <-ready; err != nil {
		return err
	}
	server.adminURL = fmt.Sprintf("postgres://zoombot@127.0.0.1:%d/postgres?sslmode=disable", port)
	deadline := time.Now().Add(30 * time.Second)
	for {
		db, err := sql.Open("pgx", server.adminURL)
		if err == nil {
			err = db.Ping()
			db.Close()
		}
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			logs, _ := os.ReadFile(filepath.Join(dir, "postgres.log"))
			return fmt.Errorf("postgres did not start: %v\n%s", err, logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func unprivileged() (*syscall.Credential, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
	}
	return nil, errors.New("running as root, and there is no postgres or nobody user to run PostgreSQL as")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Stop ends the throwaway server and removes its folder. Call it from
// TestMain after m.Run.
func Stop() {
	if server.proc != nil {
		server.proc.Process.Signal(syscall.SIGQUIT)
		select {
		case <-server.exited:
		case <-time.After(5 * time.Second):
		}
	}
	if server.dir != "" {
		os.RemoveAll(server.dir)
	}
}

// Describe says which server the tests use, for a log line.
func Describe() string {
	if u := os.Getenv(EnvURL); u != "" {
		if p, err := url.Parse(u); err == nil {
			return "PostgreSQL at " + p.Host
		}
	}
	return "a throwaway PostgreSQL in " + strings.TrimSpace(server.dir)
}
