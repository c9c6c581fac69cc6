package bot

import (
	"sync"
	"time"
)

// burstGate holds back the work of envelopes while more are being read,
// so that in a burst (a class typing /zoom now together) the reader that
// acks them gets the CPU: 2 cores, and dozens of freshly started handlers
// each recording, decoding and calling Slack, would otherwise delay the
// later acks past the earlier envelopes' work (issue 16). Work starts once
// the socket has been quiet for burstQuiet, and never later than
// burstMaxHold after it was read. Outside a burst the socket is quiet, and
// work starts at once.
type burstGate struct {
	mu       sync.Mutex
	lastRead time.Time
	held     []func()
	firstAt  time.Time // when the oldest held work was added
	timer    *time.Timer
}

const (
	burstQuiet   = 3 * time.Millisecond
	burstMaxHold = 50 * time.Millisecond
)

// read notes that a frame was just read.
func (g *burstGate) read() {
	g.mu.Lock()
	g.lastRead = time.Now()
	g.mu.Unlock()
}

// start runs fn now if the socket is quiet, or holds it until it is.
func (g *burstGate) start(fn func()) {
	g.mu.Lock()
	now := time.Now()
	if len(g.held) == 0 && now.Sub(g.lastRead) >= burstQuiet {
		g.mu.Unlock()
		fn()
		return
	}
	if len(g.held) == 0 {
		g.firstAt = now
	}
	g.held = append(g.held, fn)
	if g.timer == nil {
		g.timer = time.AfterFunc(burstQuiet, g.release)
	}
	g.mu.Unlock()
}

// release starts the held work once the socket is quiet, or the oldest
// has waited long enough.
func (g *burstGate) release() {
	g.mu.Lock()
	now := time.Now()
	if quiet := now.Sub(g.lastRead); quiet < burstQuiet && now.Sub(g.firstAt) < burstMaxHold {
		g.timer = time.AfterFunc(burstQuiet-quiet, g.release)
		g.mu.Unlock()
		return
	}
	held := g.held
	g.held, g.timer = nil, nil
	g.mu.Unlock()
	for _, fn := range held {
		fn()
	}
}
