package bot

import (
	"context"
	"strings"
	"sync"
	"time"
)

// Leases (issue 15): every unfinished request row names the replica working
// on it and until when. This replica renews the leases of the requests it
// works on; a replica that dies stops renewing, and a live one (this one,
// after a restart) claims the requests whose lease lapsed and finishes them.

// leaseSet is the requests this replica works on.
type leaseSet struct {
	mu   sync.Mutex
	keys map[string]struct{}
}

func (s *leaseSet) add(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keys == nil {
		s.keys = map[string]struct{}{}
	}
	s.keys[key] = struct{}{}
}

func (s *leaseSet) remove(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.keys, key)
}

func (s *leaseSet) snapshot() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.keys))
	for k := range s.keys {
		out = append(out, k)
	}
	return out
}

// keep forgets the keys of snapshot that were not renewed (finished, or no
// longer ours). Keys added since the snapshot stay.
func (s *leaseSet) keep(snapshot, renewed []string) {
	still := make(map[string]bool, len(renewed))
	for _, k := range renewed {
		still[k] = true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range snapshot {
		if !still[k] {
			delete(s.keys, k)
		}
	}
}

// claimBatch bounds how many lapsed requests one claim takes: a replica
// takes its share and leaves the rest to the others.
const claimBatch = 50

// upkeepTick is how often leases are renewed, the replica's heartbeat
// written and lapsed requests looked for: often enough that a lease is
// renewed at least twice before it lapses.
func (b *Bot) upkeepTick() time.Duration { return min(b.cfg.RecoverTick, b.cfg.LeaseTTL/3) }

// heartbeatTick is how often a replica says it is alive. It is short, so
// that when a replica starts or stops the others change their share of the
// Zoom rate limits within seconds; a heartbeat is one small write.
const heartbeatTick = 2 * time.Second

// liveWithin is how recent a heartbeat must be for its replica to count.
const liveWithin = 3 * heartbeatTick

// runUpkeep renews leases, beats the heart and takes over lapsed work until
// ctx ends.
func (b *Bot) runUpkeep(ctx context.Context) {
	tick := time.NewTicker(b.upkeepTick())
	defer tick.Stop()
	beat := time.NewTicker(heartbeatTick)
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-beat.C:
			b.heartbeat(ctx)
		case <-tick.C:
			b.renewLeases(ctx)
			if err := b.Recover(ctx); err != nil && ctx.Err() == nil {
				b.log.ErrorContext(ctx, "looking for unfinished requests", "err", err)
			}
		}
	}
}

func (b *Bot) renewLeases(ctx context.Context) {
	keys := b.leases.snapshot()
	if len(keys) == 0 {
		return
	}
	renewed, err := b.db.RenewLeases(ctx, b.replicaID, keys, b.now().Add(b.cfg.LeaseTTL))
	if err != nil {
		b.log.WarnContext(ctx, "renewing request leases", "count", len(keys), "err", err)
		return
	}
	b.leases.keep(keys, renewed)
}

// heartbeat records this replica as alive and gives the Zoom client its
// share of the account's rate limits: the live replicas split them evenly.
func (b *Bot) heartbeat(ctx context.Context) {
	live, err := b.db.Heartbeat(ctx, b.replicaID, b.started, liveWithin)
	if err != nil {
		b.log.WarnContext(ctx, "replica heartbeat", "err", err)
		return
	}
	if b.zoom != nil && live != b.share {
		b.log.InfoContext(ctx, "replicas sharing the Zoom rate limits", "live", live)
		b.zoom.SetShare(live)
		b.share = live
	}
}

// Recover takes over the unfinished requests whose lease lapsed (or that
// never had one: rows from before leases) and finishes each: the work of an
// envelope recorded at its ack is done again; a scheduling request resumes
// where it stopped, asking Zoom first whether the meeting already exists.
// Run calls it at start and then every upkeep tick.
func (b *Bot) Recover(ctx context.Context) error {
	for {
		reqs, err := b.db.ClaimStaleRequests(ctx, b.replicaID, b.now().Add(b.cfg.LeaseTTL), claimBatch)
		if err != nil {
			return err
		}
		for _, r := range reqs {
			b.leases.add(r.Key)
			b.work.Add(1)
			go func() {
				defer b.work.Done()
				hctx, cancel := detached(ctx, handlerTimeout)
				defer cancel()
				b.metrics.Reconciliation("resumed")
				if strings.HasPrefix(r.Kind, envelopeKind) {
					b.resumeEnvelope(hctx, r)
					return
				}
				if strings.HasPrefix(r.Kind, webhookKind) {
					b.resumeWebhook(hctx, r)
					return
				}
				b.resume(hctx, r)
			}()
		}
		if len(reqs) > 0 {
			b.log.InfoContext(ctx, "took over unfinished requests", "count", len(reqs))
		}
		if len(reqs) < claimBatch {
			return nil
		}
	}
}

// releaseAll gives up this replica's leases and its place among the live
// replicas at shutdown, so that another replica, or the next start, takes
// the unfinished work at once instead of after the lease lapses.
func (b *Bot) releaseAll() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if keys := b.leases.snapshot(); len(keys) > 0 {
		if err := b.db.ReleaseLeases(ctx, b.replicaID, keys); err != nil {
			b.log.Warn("releasing request leases", "err", err)
		}
	}
	if err := b.db.RemoveReplica(ctx, b.replicaID); err != nil {
		b.log.Warn("leaving the replica list", "err", err)
	}
}
