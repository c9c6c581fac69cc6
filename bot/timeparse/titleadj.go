package timeparse

import "strings"

// Meeting names are full of recurrence adjectives: "daily standup",
// "weekly sync", "quarterly planning", "biweekly retro". "tomorrow 9am
// daily standup" is one meeting tomorrow called "daily standup", not a
// daily series called "standup".
//
// A recurrence adjective that is directly followed by a title word is
// title text when it cannot be what makes the phrase repeat:
//
//   - another frequency ("every weekday at 9:30 daily standup", "weekly
//     sync fridays 3pm") carries the recurrence, so the adjective is
//     part of the name (but "biweekly retro thursdays" is every other
//     Thursday: biweekly and fortnightly refine a weekday series); or
//   - the phrase names a one-off day or instant (today, tonight, tomorrow,
//     a weekday, a calendar date, "in 2 hours", "next week", now) and
//     nothing else asks for a series: no count or end ("for 2 weeks",
//     "8 times", "until dec 20"), no "except", no "recurring", and the
//     date is not a series start ("starting monday", "from dec 7").
//     For monthly and quarterly, a bare day of the month ("on the 15th")
//     is the series' day, not a one-off anchor.
//
// Otherwise the adjective is the recurrence, as before: "daily standup at
// 9am", "9am daily", "weekly on monday 10am sync", "daily standup starting
// tomorrow 9am".
//
// The decision needs the whole parse (which words are dates, counts,
// other recurrences), so Parse runs the rules once, and when an adjective
// turns out to be title text runs them again with that word left alone.

// recurAdjectives are the one-word recurrences the decision applies to.
var recurAdjectives = map[string]bool{
	"daily": true, "weekly": true, "biweekly": true, "bi-weekly": true, "bi weekly": true, "fortnightly": true,
	"monthly": true, "bimonthly": true, "bi-monthly": true, "quarterly": true,
}

// monthlyAdjectives take a bare day of the month ("the 15th") as the
// series' day.
var monthlyAdjectives = map[string]bool{"monthly": true, "bimonthly": true, "bi-monthly": true, "quarterly": true}

// notTitle are words that, right after a recurrence adjective, continue
// the recurrence or the time expression rather than start a name.
var notTitle = map[string]bool{
	"at": true, "on": true, "from": true, "for": true, "until": true, "till": true, "til": true, "thru": true,
	"through": true, "to": true, "starting": true, "start": true, "starts": true, "beginning": true, "by": true,
	"in": true, "every": true, "each": true, "and": true, "or": true, "only": true, "except": true,
	"excluding": true, "but": true, "skip": true, "skipping": true, "ending": true, "ends": true, "end": true,
	"recurring": true, "repeating": true, "repeat": true, "repeats": true, "recurs": true, "recur": true,
	"sharp": true, "around": true, "about": true, "approx": true, "approximately": true, "the": true,
	"this": true, "next": true, "nxt": true, "last": true, "after": true, "before": true, "then": true,
	"basis": true, "going": true, "forever": true, "ongoing": true, "indefinitely": true, "thereafter": true,
	"during": true, "x": true,
}

var everyOther = map[string]bool{"biweekly": true, "bi-weekly": true, "bi weekly": true, "fortnightly": true}

// seriesStart are words that make the date after them the start of a
// series ("weekly sync starting monday 10am").
var seriesStart = map[string]bool{"starting": true, "start": true, "starts": true, "beginning": true,
	"begins": true, "from": true, "commencing": true, "effective": true}

var reOrdinalOnly = re(`^(?:on\s+)?(?:the\s+)?\d{1,2}(?:st|nd|rd|th)$`)

// titleAdjectives returns the spans of recurrence adjectives that the
// finished parse shows to be title text, or nil.
func (st *state) titleAdjectives() []hit {
	if !st.has(kRecur) {
		return nil
	}
	var cands []hit
	other, series, anchor, ordinal := false, false, false, false
	for _, h := range st.hits {
		text := string(st.lower[h.l:h.r])
		switch h.k {
		case kRecur:
			if recurAdjectives[strings.Join(strings.Fields(text), " ")] && st.titleWordAt(h.r) {
				cands = append(cands, h)
			} else {
				other = true
			}
		case kRecurEnd:
			series = true
		case kExact:
			anchor = true
		case kPart:
			if strings.HasPrefix(text, "this") { // "this afternoon"
				anchor = true
			}
		case kDate:
			switch {
			case seriesStart[lastWord(st.lower[:h.l])]:
				series = true
			case reOrdinalOnly.MatchString(text):
				ordinal = true
			default:
				anchor = true
			}
		}
	}
	var out []hit
	for _, c := range cands {
		word := strings.Join(strings.Fields(string(st.lower[c.l:c.r])), " ")
		oneOff := anchor || ordinal && !monthlyAdjectives[word]
		// "biweekly retro thursdays": the adjective makes the weekday
		// series every other week, so another frequency does not make it
		// title text.
		if other && !everyOther[word] || oneOff && !series {
			out = append(out, c)
		}
	}
	return out
}

// titleWordAt: the first word at or after r (past spaces) is unclaimed
// text that can start a name: "sync", "1:1", "Q4", a mention.
func (st *state) titleWordAt(r int) bool {
	w := st.work
	i := r
	for i < len(w) && (w[i] == ' ' || w[i] == '\t' || w[i] == '\n') {
		i++
	}
	if i >= len(w) {
		return false
	}
	if w[i] == '<' || w[i] == '#' {
		return true // a mention, channel or link
	}
	j := i
	for j < len(w) && isAlnum(w[j]) {
		j++
	}
	return j > i && !notTitle[string(st.lower[i:j])]
}

// lastWord is the last run of letters in b, past trailing spaces.
func lastWord(b []byte) string {
	j := len(b)
	for j > 0 && (b[j-1] == ' ' || b[j-1] == '\t' || b[j-1] == ',') {
		j--
	}
	i := j
	for i > 0 && b[i-1] >= 'a' && b[i-1] <= 'z' {
		i--
	}
	return string(b[i:j])
}

// inTitleAdj: [l, r) overlaps an adjective the first pass found to be
// title text; no recurrence rule may claim it ("bi-weekly" must not be
// re-read as "weekly").
func (st *state) inTitleAdj(l, r int) bool {
	for _, x := range st.titleAdj {
		if l < x.r && x.l < r {
			return true
		}
	}
	return false
}
