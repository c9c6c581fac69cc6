package timeparse

import (
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/olebedev/when"
	"github.com/olebedev/when/rules"
)

// How the engine uses when: every rule below is a rules.Rule run by a
// when.Parser. when's own English rules are not used (see issue 3 for their
// failures), and neither is its Context arithmetic, which overflows months
// and walks weekdays backwards. Our rules differ from when's in two ways:
//
//   - Find is called once per rule in priority order; a rule claims its
//     span by blanking it in the working text, so lower-priority rules
//     cannot re-read "4pm" inside "3-4pm" or "30 min" inside "in 30 min".
//   - Appliers record what they read in a per-call state. The last rule,
//     the resolver, turns that state into one instant and hands it back to
//     when as Context.Duration, so when's Result.Time is the start.
//
// The cluster distance is unlimited: in "tomorrow standup at 3pm" the date
// and the time are far apart but belong together.

var options = &rules.Options{Distance: 1 << 30, MatchByOrder: true}

// kind classifies a claimed span; topic extraction and some rules look at
// what sits next to them.
type kind int

const (
	kZone kind = iota + 1
	kRecur
	kRecurEnd
	kRange
	kExact
	kDate
	kDuration
	kTime
	kPart
)

type hit struct {
	l, r int
	k    kind
}

// rule is one pattern class. accept may veto a candidate (it sees the
// working text with earlier claims blanked), narrow it by returning a new
// right edge or widen it leftwards by lowering m[0]; apply records the
// meaning.
type rule struct {
	k   kind
	pre func(st *state, w string) bool // cheap precondition on the working text; nil = always
	// anchor, if set, returns the earliest offset where a match can start
	// (a word start), or -1 for none: the pattern then skips the text
	// before it. Patterns with big alternations are costly per position.
	anchor func(st *state, w string) int
	res    *regexp.Regexp
	accept func(st *state, m []int) (right int, ok bool)
	apply  func(st *state, caps []string) error
}

// blank replaces claimed text; NUL is neither a word nor a space character,
// so \b and \s in later patterns treat a claim as punctuation.
const blank = '\x00'

type state struct {
	orig  string
	lower []byte // orig lowercased and masked; captures are read from it
	work  []byte // lower with weekday/month words marked and claims blanked
	// workStr caches string(work) until the next claim.
	workStr string
	now     time.Time
	loc     *time.Location
	hits    []hit

	date  dateSpec
	tod   todSpec
	end   todSpec // range end
	part  string  // day part word: morning, afternoon, ...
	zone  *time.Location
	dur   time.Duration
	exact *time.Time // "now", "in 30 minutes"

	rec      *recSpec
	count    int            // recurrence end as a number
	countU   string         // "times", "day", "week", "month"
	except   []time.Weekday // "except fridays"
	until    dateSpec
	dateOnly time.Time   // resolved date at 00:00 (for Partial)
	partAdj  bool        // the day part belongs to the time expression
	nowWord  bool        // "now", "asap"
	recOut   *Recurrence // built by resolveRecurring
	// titleAdj are the spans of recurrence adjectives a first pass found
	// to be title text ("tomorrow 9am daily standup"); see titleadj.go.
	titleAdj []hit

	otherDates []dateSpec // dates read after the first (setDate)
	dayFirst   bool       // slash dates are D/M (the user's locale)
	addDays    int        // "a week from tuesday": days added to the date
	holidays   []hit      // holiday names read as the date (topic.go keeps them before a title word)
}

func newState(text string, now time.Time, loc *time.Location, dayFirst bool) *state {
	return &state{orig: text, now: now, loc: loc, dayFirst: dayFirst}
}

// boundRule ties a rule to one parse call.
type boundRule struct {
	r  *rule
	st *state
}

func (b *boundRule) Find(string) *rules.Match {
	w := b.st.workString()
	if b.r.pre != nil && !b.r.pre(b.st, w) {
		return nil
	}
	// Take the leftmost acceptable match. A rejected candidate has its
	// first word blanked in a scratch copy and the search runs again, so
	// overlapping candidates are still seen ("1:1 dec 3": "1 dec" is
	// rejected, then "dec 3" is found).
	scratch, base := w, 0
	if b.r.anchor != nil {
		if base = b.r.anchor(b.st, w); base < 0 {
			return nil
		}
	}
	for range 12 {
		idx := b.r.res.FindStringSubmatchIndex(scratch[base:])
		if idx == nil {
			return nil
		}
		for i := range idx {
			if idx[i] >= 0 {
				idx[i] += base
			}
		}
		if m := b.try(w, idx); m != nil {
			return m
		}
		end := idx[0] + 1
		for end < len(scratch) && isAlnum(scratch[end]) && isAlnum(scratch[idx[0]]) {
			end++
		}
		scratch = scratch[:idx[0]] + strings.Repeat(string(blank), end-idx[0]) + scratch[end:]
	}
	return nil
}

// try accepts and claims one candidate, or returns nil.
func (b *boundRule) try(w string, idx []int) *rules.Match {
	st := b.st
	if strings.IndexByte(w[idx[0]:idx[1]], blank) >= 0 {
		return nil
	}
	if b.r.k == kRecur && st.inTitleAdj(idx[0], idx[1]) {
		return nil
	}
	right := idx[1]
	if b.r.accept != nil {
		r, ok := b.r.accept(st, idx)
		if !ok {
			return nil
		}
		right = r
	}
	caps := make([]string, len(idx)/2)
	for i := 0; i < len(idx)/2; i++ {
		if idx[2*i] >= 0 && idx[2*i+1] <= right {
			caps[i] = string(st.lower[idx[2*i]:idx[2*i+1]])
		}
	}
	left := idx[0]
	st.claim(left, right, b.r.k)
	apply := b.r.apply
	return &rules.Match{
		Left: left, Right: right, Text: w[left:right], Captures: caps,
		Applier: func(m *rules.Match, _ *rules.Context, _ *rules.Options, _ time.Time) (bool, error) {
			return true, apply(st, m.Captures)
		},
	}
}

// workString is the working text as a string, cached between claims.
func (st *state) workString() string {
	if st.workStr == "" && len(st.work) > 0 {
		st.workStr = string(st.work)
	}
	return st.workStr
}

func (st *state) claim(l, r int, k kind) {
	for i := l; i < r; i++ {
		st.work[i] = blank
	}
	st.workStr = ""
	st.hits = append(st.hits, hit{l, r, k})
}

func (st *state) has(k kind) bool {
	for _, h := range st.hits {
		if h.k == k {
			return true
		}
	}
	return false
}

// resolver is the last rule: it turns the recorded state into the start.
type resolver struct{ st *state }

func (r *resolver) Find(text string) *rules.Match {
	if len(r.st.hits) == 0 {
		return nil
	}
	n := len(text)
	return &rules.Match{Left: n, Right: n, Applier: func(_ *rules.Match, c *rules.Context, _ *rules.Options, base time.Time) (bool, error) {
		r.st.computePartAdj()
		// A second time in another zone is read first, so that the check
		// for leftover words does not take it for a rival time; an error
		// of resolve gives way to a leftover that names the cause ("after
		// lunch tomorrow" says more than "what time on Saturday?").
		t, err := r.st.resolve()
		if err == nil {
			err = r.st.checkAltTime(t)
		}
		if lerr := r.st.checkLeftovers(); lerr != nil {
			var pe *Error
			if err == nil || errors.As(err, &pe) && pe.Kind != ErrUnclear {
				err = lerr
			}
		}
		if err != nil {
			return false, err
		}
		c.Duration = t.Sub(base)
		return true, nil
	}}
}

func (st *state) run() (Result, error) {
	p := when.New(options)
	p.Use(func(s string) (string, error) {
		st.lower = mask(s)
		st.work = markWords(st.lower)
		return string(st.work), nil
	})
	bound := make([]boundRule, len(allRules)) // one allocation for all
	for i, r := range allRules {
		bound[i] = boundRule{r: r, st: st}
		p.Add(&bound[i])
	}
	p.Add(&resolver{st: st})
	res, err := p.Parse(st.orig, st.now)
	if err != nil {
		return Result{}, err
	}
	if res == nil {
		return Result{}, newErr(ErrNoTime, "I couldn't find a time in that.", "")
	}
	out := Result{Start: res.Time.In(st.loc), Duration: st.dur, Topic: st.topic()}
	if st.rec != nil {
		out.Recurrence = st.recOut
	}
	return out, nil
}

// mask blanks text that must never be read as a time while keeping byte
// offsets: Slack escapes (<@U1>, <#C1|x>, <https://..>) and non-ASCII
// punctuation people paste (en dash, no-break space) are rewritten in place.
func mask(s string) []byte {
	b := []byte(s)
	for i := 0; i < len(b); i++ {
		if b[i] == '<' {
			if j := strings.IndexByte(s[i:], '>'); j > 0 {
				for k := i; k <= i+j; k++ {
					b[k] = '_'
				}
				b[i], b[i+j] = '<', '>'
				i += j
			}
		}
	}
	for i, c := range b {
		switch {
		case c >= 'A' && c <= 'Z':
			b[i] = c + 'a' - 'A'
		case c == blank:
			b[i] = ' ' // a NUL typed by the user must not look claimed
		}
	}
	if !hasNonASCII(s) {
		return b
	}
	for _, rep := range [...]struct{ from, to string }{
		{"\u2013", " - "}, {"\u2014", " - "}, {"\u2212", " - "}, {"\u00a0", "  "},
		{"\u2019", "'  "}, {"\u2018", "'  "}, {"\uff1a", ":  "}, {"\u201c", "\"  "}, {"\u201d", "\"  "},
	} {
		for {
			i := strings.Index(string(b), rep.from)
			if i < 0 {
				break
			}
			copy(b[i:], rep.to)
		}
	}
	return b
}

func hasNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return true
		}
	}
	return false
}
