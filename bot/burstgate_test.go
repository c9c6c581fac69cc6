package bot

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestBurstGate(t *testing.T) {
	t.Run("a quiet socket starts work at once", func(t *testing.T) {
		var g burstGate
		ran := false
		g.start(func() { ran = true })
		if !ran {
			t.Fatal("work was held on a quiet socket")
		}
	})
	t.Run("work waits while frames keep coming, then starts", func(t *testing.T) {
		var g burstGate
		var ran atomic.Int32
		g.read()
		g.start(func() { ran.Add(1) })
		g.start(func() { ran.Add(1) })
		if ran.Load() != 0 {
			t.Fatal("work started during the burst")
		}
		deadline := time.Now().Add(time.Second)
		for ran.Load() != 2 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		if ran.Load() != 2 {
			t.Fatalf("%d of 2 held works started after the burst", ran.Load())
		}
	})
	t.Run("an endless burst holds work for burstMaxHold at most", func(t *testing.T) {
		var g burstGate
		var started atomic.Int64
		g.read()
		held := time.Now()
		g.start(func() { started.Store(int64(time.Since(held))) })
		for started.Load() == 0 && time.Since(held) < time.Second {
			g.read()
			time.Sleep(100 * time.Microsecond)
		}
		if d := time.Duration(started.Load()); d == 0 || d > burstMaxHold+10*time.Millisecond {
			t.Fatalf("held %v under a constant stream of frames, want at most about %v", d, burstMaxHold)
		}
	})
}
