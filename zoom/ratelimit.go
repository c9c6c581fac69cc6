package zoom

import (
	"context"
	"math"
	"time"

	"golang.org/x/time/rate"
)

// Category is Zoom's rate-limit label for an API route. Each label is one
// per-account bucket. See https://developers.zoom.us/docs/api/rate-limits/.
type Category string

// Zoom's rate-limit labels used by this client's routes.
const (
	CategoryLight  Category = "light"
	CategoryMedium Category = "medium"
	CategoryHeavy  Category = "heavy"
)

// Plan is the account's per-second budget for each category, in requests per
// second. A zero Plan means PlanPro; a zero field takes PlanPro's value.
type Plan struct {
	Light, Medium, Heavy float64
}

// Per-second limits by account plan, from https://developers.zoom.us/docs/api/rate-limits/.
var (
	PlanFree     = Plan{Light: 4, Medium: 2, Heavy: 1}
	PlanPro      = Plan{Light: 30, Medium: 20, Heavy: 10}
	PlanBusiness = Plan{Light: 80, Medium: 60, Heavy: 40}
	// PlanUnlimited disables client-side limiting; for fakes and benchmarks.
	PlanUnlimited = Plan{Light: math.Inf(1), Medium: math.Inf(1), Heavy: math.Inf(1)}
)

func (p Plan) rate(c Category) float64 {
	v, pro := p.Light, PlanPro.Light
	switch c {
	case CategoryMedium:
		v, pro = p.Medium, PlanPro.Medium
	case CategoryHeavy:
		v, pro = p.Heavy, PlanPro.Heavy
	}
	if v <= 0 {
		return pro
	}
	return v
}

// newLimiters builds one bucket per category. Burst 1 spaces requests evenly:
// Zoom counts per second, and a full-size burst on top of a steady rate could
// exceed the budget within one second.
func newLimiters(p Plan) map[Category]*rate.Limiter {
	m := make(map[Category]*rate.Limiter, 3)
	for _, c := range []Category{CategoryLight, CategoryMedium, CategoryHeavy} {
		r := rate.Limit(p.rate(c))
		if math.IsInf(float64(r), 1) {
			r = rate.Inf
		}
		m[c] = rate.NewLimiter(r, 1)
	}
	return m
}

// SetShare makes this client pace itself to 1/n of the plan's per-second
// limits, for n processes that share one Zoom account (Zoom's limits are
// per account). n < 1 counts as 1.
func (c *Client) SetShare(n int) {
	n = max(n, 1)
	for cat, l := range c.limiters {
		r := c.plan.rate(cat) / float64(n)
		if math.IsInf(r, 1) {
			l.SetLimit(rate.Inf)
			continue
		}
		l.SetLimit(rate.Limit(r))
	}
}

// waitLimiter blocks until the category's bucket allows one more request.
func (c *Client) waitLimiter(ctx context.Context, cat Category) error {
	r := c.limiters[cat].Reserve()
	d := r.Delay()
	if d <= 0 {
		return nil
	}
	if c.onWait != nil {
		c.onWait(cat, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		r.Cancel()
		return ctx.Err()
	}
}
