package timeparse

import (
	"strings"
	"time"
)

// Monthly series by weekday (issue 12, convention 13): "first monday of
// every month", "last friday of the month", "every month on the 2nd
// tuesday", "monthly on the last friday". They map onto Zoom's
// monthly_week (1-4, -1 = last) and monthly_week_day. A named month
// ("first monday of january") is one day: see nthDateRule.

var reMonthlyAny = re(`\b(?:monthly|bi-?monthly|quarterly|(?:every|each)\s+(?:other\s+)?(?:month|quarter))\b`)

// nthOfMonthRule: "[every] first monday of the/every/each month", "the 2nd
// tuesday of every other month", "first monday of every quarter".
var nthOfMonthRule = &rule{
	k:   kRecur,
	pre: anyOf("month", "quarter"),
	res: re(`\b(?:(?:every|each)\s+|on\s+)?(?:the\s+)?` + reOrds + `\s+(` + reWD + `)\s+(?:of|in)\s+(?:the|every|each)\s+(?:(other)\s+)?(month|quarter)\b`),
	apply: func(st *state, c []string) error {
		interval := 1
		switch {
		case c[4] == "quarter":
			interval = 3
		case c[3] != "":
			interval = 2
		}
		return st.setNth(c[1], c[2], interval, c[0])
	},
}

// nthMonthlyRule: "monthly on the last friday", "every month on the 2nd
// tuesday", "every other month, first monday", "quarterly on the first
// monday".
var nthMonthlyRule = &rule{
	k:   kRecur,
	pre: anyOf("month", "quarter"),
	res: re(`\b(monthly|(?:every|each)\s+(?:(other|\d+|two|three)\s+)?months?|(quarterly|every\s+quarter)|(bi-?monthly))\s*,?\s*(?:on\s+)?(?:the\s+)?` +
		reOrds + `\s+(` + reWD + `)\b`),
	apply: func(st *state, c []string) error {
		interval := 1
		switch {
		case c[3] != "":
			interval = 3
		case c[4] != "" || c[2] == "other":
			interval = 2
		case c[2] != "":
			interval = intervalOf("", c[2])
		}
		return st.setNth(c[5], c[6], interval, c[0])
	},
}

// nthEveryRule: "every first monday", "every last friday" are monthly.
// "every 2nd tuesday" is refused with a question: it may be every other
// Tuesday or the second Tuesday of each month (this overrides issue 3's
// reading, every other Tuesday).
var nthEveryRule = &rule{
	k:   kRecur,
	pre: anyOf("every", "each"),
	res: re(`\b(?:every|each)\s+(?:(other)\s+)?` + reOrds + `\s+(` + reWD + `)\b`),
	apply: func(st *state, c []string) error {
		n, err := oneOrdinal(c[2], c[0])
		if err != nil {
			return err
		}
		if n > 1 && n < 5 {
			wd, _ := weekdayOf(c[3])
			ord := strings.ToLower(strings.TrimSpace(c[2]))
			day := strings.ToLower(wd.String())
			return &Error{Kind: ErrUnclear,
				Msg: "Did you mean every " + ordinalInterval[n] + " " + wd.String() + ", or the " + ordinalNames[n] + " " +
					wd.String() + " of each month?",
				Suggestion: `try "` + everyNWeeks[n] + day + `" or "` + ord + " " + day + ` of every month"`}
		}
		interval := 1
		if c[1] != "" {
			interval = 2
		}
		return st.setNth(c[2], c[3], interval, c[0])
	},
}

var ordinalInterval = map[int]string{2: "other", 3: "third", 4: "fourth"}

var everyNWeeks = map[int]string{2: "every other ", 3: "every 3 weeks on ", 4: "every 4 weeks on "}

var ordinalNames = map[int]string{1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}

// nthBareRule: "first friday", "the last thursday". With a monthly word
// elsewhere ("monthly all-hands first friday 4pm", "first friday monthly")
// it is the series' day; otherwise it names no month, so it is a question,
// except "last friday", which stays the past weekday it always was (an
// error). "first monday of january" is nthDateRule's.
var nthBareRule = &rule{
	k:   kRecur,
	pre: anyOf("first", "second", "third", "fourth", "fifth", "last", "1st", "2nd", "3rd", "4th", "5th"),
	res: re(`\b(?:on\s+)?(?:the\s+)?` + reOrds + `\s+(` + reWD + `)\b`),
	accept: func(st *state, m []int) (int, bool) {
		if reOfMonthNext.MatchString(st.after(m[1])) || reMonthBefore.MatchString(st.before(m[0])) {
			return 0, false // "first monday of january"; "dec 4th friday" is Dec 4
		}
		ord := string(st.work[m[2]:m[3]])
		monthly := reMonthlyAny.MatchString(st.workString())
		return m[1], monthly || ord != "last"
	},
	apply: func(st *state, c []string) error {
		if !reMonthlyAny.MatchString(strings.ToLower(st.orig)) {
			n, err := oneOrdinal(c[1], c[0])
			if err != nil {
				return err
			}
			wd, _ := weekdayOf(c[2])
			return &Error{Kind: ErrUnclear, Msg: "The " + ordinalNames[n] + " " + wd.String() + " of which month?",
				Suggestion: `try "` + strings.TrimSpace(strings.ToLower(c[0])) + ` of every month" or "` +
					strings.TrimSpace(strings.ToLower(c[0])) + ` of january"`}
		}
		return st.setNth(c[1], c[2], 1, c[0])
	},
}

var reMonthBefore = re(`\bM[a-z]*\.?$`)

var reOfMonthNext = re(`^(?:of|in)\s+(?:M|the\b|every\b|each\b|this\b|next\b|nxt\b)`)

// setNth records a monthly-by-weekday series.
func (st *state) setNth(ords, wday string, interval int, text string) error {
	n, err := oneOrdinal(ords, text)
	if err != nil {
		return err
	}
	if n == 5 {
		return newErr(ErrInvalid, "Zoom repeats monthly on the first to fourth or the last weekday of the month, not the fifth.",
			`try "last friday of every month 4pm"`)
	}
	wd, _ := weekdayOf(wday)
	st.setRec(&recSpec{freq: Monthly, interval: interval, days: []time.Weekday{wd}, week: n})
	return nil
}
