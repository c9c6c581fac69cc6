package storage_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/zoombot/zoombot/storage"
)

// BenchmarkConcurrentRequests is the bot's burst pattern: many goroutines
// each writing a request row and moving it on, at once. It measures write
// throughput under contention for SQLite's single write lock.
func BenchmarkConcurrentRequests(b *testing.B) {
	ctx := context.Background()
	db, _ := MustOpen(b)
	var n atomic.Int64
	b.SetParallelism(32) // 32 × GOMAXPROCS goroutines
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			key := fmt.Sprintf("k%d", n.Add(1))
			if _, _, err := db.BeginRequest(ctx, &storage.Request{Key: key}); err != nil {
				b.Error(err)
				return
			}
			if err := db.SetRequestState(ctx, key, "announced", 0, ""); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkSerialRequests is BenchmarkConcurrentRequests from one goroutine:
// the cost of the two write transactions themselves.
func BenchmarkSerialRequests(b *testing.B) {
	ctx := context.Background()
	db, _ := MustOpen(b)
	for i := 0; b.Loop(); i++ {
		key := fmt.Sprintf("k%d", i)
		if _, _, err := db.BeginRequest(ctx, &storage.Request{Key: key}); err != nil {
			b.Fatal(err)
		}
		if err := db.SetRequestState(ctx, key, "announced", 0, ""); err != nil {
			b.Fatal(err)
		}
	}
}
