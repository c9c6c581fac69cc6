package bot

import (
	"testing"
	"time"
)

func TestInflight(t *testing.T) {
	var w inflight
	w.Wait() // zero: returns at once
	w.Add(2)
	done := make(chan struct{})
	go func() { w.Wait(); close(done) }()
	w.Done()
	select {
	case <-done:
		t.Fatal("Wait returned with work left")
	case <-time.After(20 * time.Millisecond):
	}
	w.Done()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("Wait did not return once the work was done")
	}
	defer func() {
		if recover() == nil {
			t.Error("a negative count did not panic")
		}
	}()
	w.Done()
}
