package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// buildBot compiles this module's cmd/zoombot into dir and returns the
// binary's path. A fresh build in its own process gives honest RSS figures
// and runs exactly the code `zoombot run` runs.
func buildBot(ctx context.Context, dir string) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(out))
	if err != nil || gomod == "" || gomod == os.DevNull {
		return "", errors.New("cannot find the zoombot module: run inside it, or pass -bot")
	}
	bin := filepath.Join(dir, "zoombot")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/zoombot")
	cmd.Dir = filepath.Dir(gomod)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/zoombot: %w\n%s", err, msg)
	}
	return bin, nil
}

// botProc is the running bot.
type botProc struct {
	cmd     *exec.Cmd
	log     *os.File
	done    chan error
	stopped bool
}

// startBot runs `zoombot run` with its configuration in env, logging to
// logPath. Variables of the caller's environment that configure zoombot are
// dropped, so a developer's real tokens never reach the fakes (or the
// reverse).
func startBot(bin, logPath string, env map[string]string) (*botProc, error) {
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "run")
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "SLACK_") || strings.HasPrefix(k, "ZOOM") {
			continue
		}
		cmd.Env = append(cmd.Env, kv)
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	p := &botProc{cmd: cmd, log: logf, done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait() }()
	return p, nil
}

// stop sends SIGTERM, which zoombot answers by finishing in-flight work,
// and kills the process if it has not exited after grace.
func (p *botProc) stop(grace time.Duration) error {
	p.stopped = true
	defer p.log.Close()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		return err
	case <-time.After(grace):
		_ = p.cmd.Process.Kill()
		<-p.done
		return fmt.Errorf("zoombot did not exit within %v of SIGTERM; killed", grace)
	}
}

// exited reports the exit error if the bot has stopped on its own.
func (p *botProc) exited() (bool, error) {
	select {
	case err := <-p.done:
		p.done <- err
		return true, err
	default:
		return false, nil
	}
}

// memory reads the resident set size now (VmRSS) and its peak so far
// (VmHWM) from /proc, in bytes. Both are 0 where /proc is missing.
func (p *botProc) memory() (rss, peak int64) {
	return procMemory(p.cmd.Process.Pid)
}

func procMemory(pid int) (rss, peak int64) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || (k != "VmRSS" && k != "VmHWM") {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if err != nil {
			continue
		}
		if k == "VmRSS" {
			rss = kb * 1024
		} else {
			peak = kb * 1024
		}
	}
	return rss, peak
}
