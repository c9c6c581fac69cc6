package storage_test

import (
	"context"
	"errors"
	"testing"

	"github.com/zoombot/zoombot/storage"
)

func TestSetRequestPayload(t *testing.T) { forEachEngine(t, testSetRequestPayload) }

func testSetRequestPayload(t *testing.T, e testEngine) {
	db, _ := e.Open(t)
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		if _, _, err := db.BeginRequest(ctx, &storage.Request{Key: "k1", Payload: []byte(`{"a":1}`)}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetRequestPayload(ctx, "k1", []byte(`{"a":2}`)); err != nil {
			t.Fatal(err)
		}
		r, err := db.GetRequest(ctx, "k1")
		if err != nil || string(r.Payload) != `{"a":2}` || r.State != storage.RequestReceived {
			t.Fatalf("got %+v, %v", r, err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if err := db.SetRequestPayload(ctx, "missing", nil); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
	})
}
