package storage_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/zoombot/zoombot/storage"
)

func TestUserMapping(t *testing.T) { forEachEngine(t, testUserMapping) }

func testUserMapping(t *testing.T, e testEngine) {
	ctx := context.Background()

	t.Run("OK round trip and upsert", func(t *testing.T) {
		db, clk := e.Open(t)
		m := &storage.UserMapping{TeamID: "T1", SlackUserID: "U1", ZoomUserID: "z1", ZoomEmail: "a@example.com", ZoomUserType: 1}
		if err := db.PutUserMapping(ctx, m); err != nil {
			t.Fatal(err)
		}
		if !m.CreatedAt.Equal(refTime) || !m.UpdatedAt.Equal(refTime) {
			t.Fatalf("timestamps %v %v, want %v", m.CreatedAt, m.UpdatedAt, refTime)
		}
		got, err := db.GetUserMapping(ctx, "T1", "U1")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Fatalf("got %+v\nwant %+v", got, m)
		}
		if got.CreatedAt.Location() != time.UTC {
			t.Fatalf("CreatedAt in %v, want UTC", got.CreatedAt.Location())
		}

		later := refTime.Add(time.Hour)
		clk.Set(later)
		m2 := &storage.UserMapping{TeamID: "T1", SlackUserID: "U1", ZoomUserID: "z2", ZoomEmail: "b@example.com", ZoomUserType: 2}
		if err := db.PutUserMapping(ctx, m2); err != nil {
			t.Fatal(err)
		}
		got, err = db.GetUserMapping(ctx, "T1", "U1")
		if err != nil {
			t.Fatal(err)
		}
		want := storage.UserMapping{TeamID: "T1", SlackUserID: "U1", ZoomUserID: "z2", ZoomEmail: "b@example.com",
			ZoomUserType: 2, CreatedAt: refTime, UpdatedAt: later}
		if !reflect.DeepEqual(*got, want) || !reflect.DeepEqual(*m2, want) {
			t.Fatalf("after upsert got %+v, m2 %+v\nwant %+v", got, m2, want)
		}
	})

	t.Run("OK same Slack user id in another team is another mapping", func(t *testing.T) {
		db, _ := e.Open(t)
		for _, team := range []string{"T1", "T2"} {
			if err := db.PutUserMapping(ctx, &storage.UserMapping{TeamID: team, SlackUserID: "U1", ZoomUserID: "z-" + team}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.GetUserMapping(ctx, "T2", "U1")
		if err != nil || got.ZoomUserID != "z-T2" {
			t.Fatalf("got %+v, %v", got, err)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		db, _ := e.Open(t)
		_, err := db.GetUserMapping(ctx, "T1", "nobody")
		if !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		db, _ := e.Open(t)
		err := db.PutUserMapping(ctx, &storage.UserMapping{TeamID: "T1", SlackUserID: "U1"})
		if !errors.Is(err, storage.ErrInvalid) {
			t.Fatalf("err = %v, want ErrInvalid", err)
		}
	})
}
