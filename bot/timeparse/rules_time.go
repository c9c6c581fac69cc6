package timeparse

import (
	"strconv"
	"strings"
	"time"
)

// --- durations -------------------------------------------------------------

const (
	durH    = `(?:(?:\d+|an?|one|two|three)\s+and\s+a\s+half\s+(?:hours?|hrs?)|(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|six|(?:a\s+)?couple(?:\s+of)?)\s*-?\s*(?:hours?|hrs?|h)(?:\s*(?:and\s+)?\d{1,2}\s*(?:minutes?|mins?|m)|\s+and\s+a\s+half|\d{2})?|hour\s+and\s+a\s+half)`
	durHalf = `half\s*(?:an?\s+)?-?\s*hour|half-hour`
	durM    = `(?:\d+|fifteen|twenty|thirty|forty[\s-]?five|forty|sixty|ninety)\s*-?\s*(?:minutes?|mins?)|\d+m`
	durRE   = `(?:` + durH + `|` + durHalf + `|` + durM + `)\b`
)

var (
	reDurHours   = re(`^(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|(?:a\s+)?couple(?:\s+of)?)?\s*-?\s*(?:hours?|hrs?|h)\s*(?:and\s+)?(?:(\d{1,2})\s*(?:minutes?|mins?|m)?|(a\s+half))?$`)
	reDurAndHalf = re(`^(\d+|an?|one|two|three) and a half (?:hours?|hrs?)$`)
	reDurMins    = re(`^(\d+|[a-z]+(?:[\s-]five)?)\s*-?\s*(?:minutes?|mins?|m)$`)
)

// parseDur reads text matched by durRE.
func parseDur(s string) (time.Duration, bool) {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	if len(s) > 24 {
		return 0, false // no real duration is this long; avoids overflow
	}
	if strings.Contains(s, "half") && !strings.Contains(s, "and a half") {
		return 30 * time.Minute, true
	}
	if m := reDurAndHalf.FindStringSubmatch(s); m != nil {
		if n, ok := numValue(m[1]); ok && n <= 100 {
			return time.Duration(n)*time.Hour + 30*time.Minute, true
		}
		return 0, false
	}
	if m := reDurHours.FindStringSubmatch(s); m != nil {
		h := 1.0
		if m[1] != "" {
			if v, err := strconv.ParseFloat(m[1], 64); err == nil {
				h = v
			} else if n, ok := numValue(m[1]); ok {
				h = float64(n)
			}
		}
		if h > 10000 {
			return 0, false
		}
		d := time.Duration(h * float64(time.Hour))
		if m[2] != "" {
			d += time.Duration(atoi(m[2])) * time.Minute
		}
		if m[3] != "" {
			d += 30 * time.Minute
		}
		return d.Round(time.Minute), true
	}
	if m := reDurMins.FindStringSubmatch(s); m != nil {
		if n, ok := numValue(m[1]); ok && n <= 600000 {
			return time.Duration(n) * time.Minute, true
		}
	}
	return 0, false
}

func (st *state) setDur(d time.Duration, text string) error {
	if d <= 0 || d > 24*time.Hour {
		return invalidf(text, "%q isn't a meeting length I can use.", strings.TrimSpace(text))
	}
	if st.dur == 0 {
		st.dur = d
	}
	return nil
}

// inExactRule: "in 30 minutes", "in an hour", "2 hours from now".
var inExactRule = &rule{
	k:   kExact,
	pre: anyOf("in ", "from now"),
	res: re(`\bin\s+(?:about\s+|around\s+|~\s*)?(` + durRE + `)|\b(` + durRE + `)\s+from\s+now\b`),
	apply: func(st *state, c []string) error {
		d, ok := parseDur(c[1] + c[2])
		if !ok || d < 0 || d > 400*24*time.Hour {
			return invalidf(c[0], "I couldn't read %q.", c[0])
		}
		t := st.now.Add(d)
		st.exact = &t
		return nil
	},
}

// inBareRule: "sync in 15" means minutes from now. Below 5 the number is
// too ambiguous (minutes? hours?) and stays text.
var inBareRule = &rule{
	k:   kExact,
	pre: anyOf("in "),
	res: re(`\bin\s+(\d{1,3})\b`),
	accept: func(st *state, m []int) (int, bool) {
		n := atoi(string(st.work[m[2]:m[3]]))
		if n < 5 || n > 180 {
			return 0, false
		}
		rest := st.after(m[1])
		return m[1], rest == "" || strings.ContainsRune(",;()!?-", rune(rest[0])) || rest[0] == blank || rest[0] == '<' ||
			rest[0] == '.' && (len(rest) == 1 || !isAlnum(rest[1])) || connectorAfterDuration[firstWord(rest)]
	},
	apply: func(st *state, c []string) error {
		t := st.now.Add(time.Duration(atoi(c[1])) * time.Minute)
		st.exact = &t
		return nil
	},
}

var durationRule = &rule{
	k:   kDuration,
	pre: hasDurUnit,
	res: re(`(?:\(\s*)?(?:\b(?:for|lasting|duration:?)\s+(?:about\s+|around\s+|approx\.?\s+|~\s*)?)?\b(` +
		durRE + `)(?:\s+long)?(?:\s*\))?`),
	accept: func(st *state, m []int) (int, bool) {
		// "14h00", "09h30" are 24-hour clock times, "1h30" a duration.
		return m[1], !reEuroClock.MatchString(string(st.work[m[2]:m[3]]))
	},
	apply: func(st *state, c []string) error {
		d, ok := parseDur(c[1])
		if !ok {
			return nil
		}
		return st.setDur(d, c[0])
	},
}

// durationBareRule: "for 15" means minutes; decided: "for 1".."for 4" mean
// hours, since nobody books a 2-minute meeting.
var durationBareRule = &rule{
	k:   kDuration,
	pre: anyOf("for "),
	res: re(`(?:\(\s*)?\bfor\s+(\d{1,3})\b(?:\s*\))?`),
	accept: func(st *state, m []int) (int, bool) {
		rest := st.after(m[1])
		if rest == "" || rest[0] == blank || rest[0] == '<' || strings.ContainsRune(",;()!?-", rune(rest[0])) {
			return m[1], true
		}
		if rest[0] == '.' && (len(rest) == 1 || !isAlnum(rest[1])) {
			return m[1], true
		}
		return m[1], connectorAfterDuration[firstWord(rest)]
	},
	apply: func(st *state, c []string) error {
		n := atoi(c[1])
		d := time.Duration(n) * time.Minute
		if n >= 1 && n <= 4 {
			d = time.Duration(n) * time.Hour
		}
		return st.setDur(d, c[0])
	},
}

var connectorAfterDuration = map[string]bool{"with": true, "on": true, "at": true, "tomorrow": true, "today": true,
	"tonight": true, "next": true, "this": true, "every": true, "starting": true, "from": true, "in": true, "and": true}

// --- ranges --------------------------------------------------------------

const (
	reMer   = `(?:\s*(a\.m\.|p\.m\.|a\.m|p\.m|am(?:-?ish)?\b|pm(?:-?ish)?\b)|([ap])\b)`
	reClock = `(\d{1,2})(?:[:.](\d{2}))?` + reMer + `?`
)

var rangeRule = &rule{
	anchor: digitAnchor(1),
	k:      kRange,
	pre:    hasRangeSep,
	res: re(`(?:\b(from|between|frm)\s+)?(?:\b` + reClock + `|\b(noon|midday|midnight))\s*(?:-+|to|until|till|til|and|thru|through|~)\s*(?:` +
		reClock + `|(noon|midday|midnight)\b)`),
	accept: func(st *state, m []int) (int, bool) {
		w := st.work
		if m[1] < len(w) && (isAlnum(w[m[1]]) || w[m[1]] == ':' || w[m[1]] == '/') {
			return 0, false
		}
		if m[0] > 0 && strings.ContainsRune("/:.-", rune(w[m[0]-1])) {
			return 0, false
		}
		// "at 4 - 30 min" is a time and a duration, not a range.
		if reDurAfter.MatchString(st.after(m[1])) || m[4] >= 0 && atoi(string(w[m[4]:m[5]])) > 24 ||
			m[14] >= 0 && atoi(string(w[m[14]:m[15]])) > 24 {
			return 0, false
		}
		text := strings.ToLower(string(w[m[0]:m[1]]))
		if strings.Contains(text, "and") && m[2] < 0 {
			return 0, false
		}
		if m[2] >= 0 || m[8] >= 0 || m[10] >= 0 || m[12] >= 0 || m[18] >= 0 || m[20] >= 0 || m[22] >= 0 ||
			m[6] >= 0 || m[16] >= 0 {
			return m[1], true
		}
		return m[1], reDateBefore.MatchString(st.before(m[0])) || reDateAfter.MatchString(st.after(m[1])) ||
			st.hitEndingAt(m[0]) == kRecur
	},
	apply: func(st *state, c []string) error {
		st.setTod(clockSpec(c[2], c[3], c[4]+c[5], c[6], c[0]))
		st.end = clockSpec(c[7], c[8], c[9]+c[10], c[11], c[0])
		return nil
	},
}

// reEuroClock: "09h30", "10h00", "14h00" are 24-hour clock times, as
// French and Brazilian users write them; "1h30" is a duration. A
// two-digit hour is a clock time even at 10-12: nobody books a ten-hour
// meeting as "10h00".
var reEuroClock = re(`^(?:[01]\d|2[0-3])h[0-5]\d$`)

var reDurAfter = re(`^(?:minutes?|mins?|m\b|hours?|hrs?|h\b)`)

// reDateBefore: a bare "2-3" counts as a range right after a date word or
// "at" ("tomorrow 2-3", "fri at 2-3"), not in "10-15 people".
var reDateBefore = re(`(?:\b(?:` + reTomorrow + `|` + reToday + `|` + reTonight + `|` + reWD + `|` + reMon + `\s*\d{1,2}|morning|afternoon|evening|night|at)|\d(?:st|nd|rd|th)|\d/\d{1,2}|@)\s*,?$`)

// reDateAfter: "3-4 tomorrow", "2 to 3 on friday".
var reDateAfter = re(`^(?:` + reTomorrow + `|` + reToday + `|` + reTonight + `|` + reWD + `|on|next|this)\b`)

// clockSpec builds a todSpec from an hour, minutes, meridiem and a named
// time (noon, midnight).
func clockSpec(h, m, mer, named, text string) todSpec {
	if named != "" {
		if strings.EqualFold(named, "midnight") {
			return todSpec{set: true, named: true, midnight: true, text: text}
		}
		return todSpec{set: true, h: 12, named: true, text: text}
	}
	t := todSpec{set: true, h: atoi(h), m: atoi(m), text: text}
	if mer != "" {
		t.mer = strings.ToLower(mer)[0]
	} else if m != "" && (t.h >= 13 || len(h) == 2 && h[0] == '0' || t.h == 0) {
		t.h24 = true
	}
	return t
}

// --- single times -----------------------------------------------------------

var meridiemRule = &rule{
	anchor: digitAnchor(0),
	k:      kTime,
	pre:    hasDigitOr(),
	res:    re(`\b(?:(\d{1,2})(?:[:.](\d{2}))?|(\d)(\d{2})|(\d{2})(\d{2}))` + reMer),
	accept: func(st *state, m []int) (int, bool) {
		if m[0] > 0 && strings.ContainsRune("/:.", rune(st.work[m[0]-1])) {
			return 0, false
		}
		return m[1], true
	},
	apply: func(st *state, c []string) error {
		h, mm := c[1]+c[3]+c[5], c[2]+c[4]+c[6]
		t := clockSpec(h, mm, c[7]+c[8], "", c[0])
		st.setTod(t)
		return nil
	},
}

var colonRule = &rule{
	anchor: digitAnchor(0),
	k:      kTime,
	pre:    anyOf(":", ".", "h"),
	res:    re(`\b(\d{1,2})([:.h])(\d{2})(?::\d{2})?\b`),
	accept: func(st *state, m []int) (int, bool) {
		w := st.work
		if m[0] > 0 && strings.ContainsRune("/:.$", rune(w[m[0]-1])) {
			return 0, false
		}
		if m[1] < len(w) && (w[m[1]] == ':' || w[m[1]] == '/' || w[m[1]] == '.' && m[1]+1 < len(w) && isAlnum(w[m[1]+1])) {
			return 0, false
		}
		// "9.30" is a time only where a time is expected ("at 9.30",
		// "tomorrow 9.30"), not in "v2.10" or "$3.50".
		if w[m[4]] == '.' && !reDateBefore.MatchString(st.before(m[0])) && !st.nextToHit(m[0], m[1]) {
			return 0, false
		}
		if w[m[4]] == 'h' && !reEuroClock.MatchString(string(w[m[0]:m[1]])) {
			return 0, false
		}
		return m[1], true
	},
	apply: func(st *state, c []string) error {
		t := clockSpec(c[1], c[3], "", "", c[0])
		t.h24 = t.h24 || c[2] == "h" // "10h00" is ten in the morning, never 10 pm
		st.setTod(t)
		return nil
	},
}

var namedTimeRule = &rule{
	k:   kTime,
	pre: anyOf("noon", "midday", "mid-day", "midnight", "lunch", "eod", "end of", "cob", "close of", "eob", "first thing"),
	res: re(`\b(?:(?:12\s*)?(noon|midday|mid-day|midnight|lunchtime|lunch\s+time)|(eod|end\s+of\s+(?:the\s+)?(?:work\s*)?(?:day|business\s+day|business)|cob|close\s+of\s+business|eob)|(first\s+thing)(?:\s+in\s+the\s+morning)?)\b`),
	apply: func(st *state, c []string) error {
		t := todSpec{set: true, named: true, text: c[0]}
		switch {
		case strings.EqualFold(c[1], "midnight"):
			t.h, t.midnight = 0, true
		case c[1] != "":
			t.h = 12
		case c[2] != "":
			t.h = 17
		default:
			t.h = 9
		}
		st.setTod(t)
		return nil
	},
}

var oclockRule = &rule{
	anchor: digitAnchor(0),
	k:      kTime,
	pre:    anyOf("clock"),
	res:    re(`\b(\d{1,2})\s*o'?\s*clock\b`),
	apply: func(st *state, c []string) error {
		st.setTod(todSpec{set: true, h: atoi(c[1]), text: c[0]})
		return nil
	},
}

var reNotHour = re(`^(?:[/%:.\-]\s*\d|st\b|nd\b|rd\b|th\b|%|people|ppl|persons?|percent|pax|x\b|min|hours?\b|hrs?\b|days?\b|weeks?\b|months?\b)`)

// atHourRule: "at 9", "@ 10", "at 930", "at 1530".
var atHourRule = &rule{
	anchor: digitAnchor(1),
	k:      kTime,
	pre:    hasDigitOr(),
	res:    re(`(?:\bat|@)\s*(?:around\s+|about\s+|~\s*)?(\d{1,4})(?:ish)?\b`),
	accept: func(st *state, m []int) (int, bool) {
		if reNotHour.MatchString(st.after(m[1])) {
			return 0, false
		}
		n := string(st.work[m[2]:m[3]])
		if len(n) >= 3 {
			v := atoi(n)
			if v/100 > 23 || v%100 > 59 {
				return 0, false
			}
		}
		return m[1], true
	},
	apply: func(st *state, c []string) error {
		n := c[1]
		if len(n) <= 2 {
			// "at 05" has a leading zero: a 24-hour clock, like "05:00".
			st.setTod(todSpec{set: true, h: atoi(n), h24: len(n) == 2 && n[0] == '0', text: c[0]})
			return nil
		}
		st.setTod(clockSpec(n[:len(n)-2], n[len(n)-2:], "", "", c[0]))
		return nil
	},
}

var dayPartRule = &rule{
	k:   kPart,
	pre: anyOf("morn", "afternoon", "arvo", "evening", "night", "nite"),
	res: re(`\b(?:(this)\s+|in\s+the\s+|at\s+|during\s+the\s+)?(morning|mornin|morn|afternoon|arvo|evening|night|nite)\b`),
	accept: func(st *state, m []int) (int, bool) {
		if w := string(st.work[m[4]:m[5]]); (w == "night" || w == "nite") && m[2] < 0 {
			k := st.hitEndingAt(m[0])
			b := strings.ToLower(st.before(m[0]))
			if k != kDate && !strings.HasSuffix(b, "at") {
				return 0, false
			}
		}
		return m[1], true
	},
	apply: func(st *state, c []string) error {
		p := strings.ToLower(c[2])
		switch p {
		case "mornin", "morn":
			p = "morning"
		case "arvo":
			p = "afternoon"
		case "night", "nite":
			p = "evening"
		}
		if st.part == "" {
			st.part = p
		}
		if c[1] != "" {
			st.setDate(dateSpec{kind: dRel, n: 0, text: c[0]})
		}
		return nil
	},
}

// bareHourRule: "tomorrow 10", "every monday 9": a plain number right after
// a date is an hour.
var bareHourRule = &rule{
	anchor: digitAnchor(0),
	k:      kTime,
	pre:    hasDigitOr(),
	res:    re(`\b(\d{1,2}|[1-9][0-5]\d|[01]\d[0-5]\d|2[0-3][0-5]\d)(?:ish)?\b`),
	accept: func(st *state, m []int) (int, bool) {
		l := m[0]
		if b := st.before(l); reApprox.MatchString(b) {
			l = len(b) - len(reApprox.FindString(b)) // "tmrw around 2"
		}
		k := st.hitEndingAt(l)
		if k != kDate && k != kPart && k != kRecur {
			return 0, false
		}
		if m[0] > 0 && strings.ContainsRune("/:.-", rune(st.work[m[0]-1])) {
			return 0, false
		}
		n := string(st.work[m[2]:m[3]])
		if reNotHour.MatchString(st.after(m[1])) || len(n) <= 2 && atoi(n) > 23 || len(n) == 4 && n[:2] == "20" {
			return 0, false // "2030" after a date is more likely a year than 20:30
		}
		return m[1], true
	},
	apply: func(st *state, c []string) error {
		if n := c[1]; len(n) >= 3 {
			st.setTod(clockSpec(n[:len(n)-2], n[len(n)-2:], "", "", c[0]))
			return nil
		}
		st.setTod(todSpec{set: true, h: atoi(c[1]), h24: len(c[1]) == 2 && c[1][0] == '0', text: c[0]})
		return nil
	},
}

// ishRule: "9ish", "around 10ish": a number with -ish is always an hour.
var ishRule = &rule{
	anchor: digitAnchor(0),
	k:      kTime,
	pre:    anyOf("ish"),
	res:    re(`\b(\d{1,2})(?::(\d{2}))?\s*-?ish\b`),
	apply: func(st *state, c []string) error {
		st.setTod(clockSpec(c[1], c[2], "", "", c[0]))
		return nil
	},
}

var reApprox = re(`\b(?:around|about|approx|approximately)$|~$`)

var nowRule = &rule{
	k:   kExact,
	pre: anyOf("now", "asap", "immediately"),
	res: re(`\b(?:right\s+)?(?:now|asap|immediately)\b`),
	apply: func(st *state, c []string) error {
		st.nowWord = true
		return nil
	},
}

// firstWord is the leading run of letters, lowercased.
func firstWord(s string) string {
	i := 0
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z') {
		i++
	}
	return strings.ToLower(s[:i])
}

func atoi(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(s))
	return n
}
