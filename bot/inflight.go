package bot

import "sync"

// inflight counts work under way. Unlike sync.WaitGroup, Add may run at
// the same time as Wait with the count at zero: Socket Mode readers count
// an envelope the moment they read it, while a test (or shutdown) may be
// waiting for the work of others. Wait returns once the count is zero.
type inflight struct {
	mu   sync.Mutex
	cond *sync.Cond
	n    int
}

func (w *inflight) Add(n int) {
	w.mu.Lock()
	w.n += n
	if w.n < 0 {
		w.mu.Unlock()
		panic("bot: negative work count")
	}
	if w.n == 0 && w.cond != nil {
		w.cond.Broadcast()
	}
	w.mu.Unlock()
}

func (w *inflight) Done() { w.Add(-1) }

func (w *inflight) Wait() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cond == nil {
		w.cond = sync.NewCond(&w.mu)
	}
	for w.n > 0 {
		w.cond.Wait()
	}
}
