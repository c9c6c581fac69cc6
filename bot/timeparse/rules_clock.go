package timeparse

import "strings"

// Clock words (issue 12, convention 14) and now-relative times
// (convention 15).

var hourWords = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

const reHourWord = `(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon|midday|midnight)`

// clockWordRule: "quarter past 3", "half past ten", "quarter to 4", "10 past
// 9", "twenty to five", British "half 3". Decided: "N to M" with digits
// for N stays a range ("tomorrow 10 to 4" is 10am-4pm, as before); only
// word minutes ("ten to four", "quarter to 4") or "N minutes to" count
// back from the hour. The hour follows convention 4 first and the minutes
// come off after: "quarter to 7" is 6:45 am because a bare 7 is 7 am.
var clockWordRule = &rule{
	k:   kTime,
	pre: anyOf("past", "after", " to ", " til", "half"),
	res: re(`\b(?:(?:a\s+)?(quarter|half|\d{1,2}|twenty[\s-]?five|twenty|five|ten)(\s+(?:minutes?|mins?))?\s+(past|after|to|til|till)\s+|(half)\s+)` +
		reHourWord + `(?:` + reMer + `|\b)(?:\s*o'?\s*clock\b)?`),
	accept: func(st *state, m []int) (int, bool) {
		w := st.work
		mins := string(w[max(m[2], 0):max(m[3], 0)])
		dir := string(w[max(m[6], 0):max(m[7], 0)])
		if m[8] >= 0 {
			// "an hour and a half 3pm": the half belongs to the duration.
			b := st.before(m[0])
			if strings.HasSuffix(b, " a") || strings.HasSuffix(b, "and") || b == "a" {
				return 0, false
			}
		}
		if dir != "past" && dir != "after" && mins != "" && mins[0] >= '0' && mins[0] <= '9' && m[4] < 0 {
			return 0, false // "10 to 4" is a range
		}
		if mins == "half" && dir != "past" && dir != "after" {
			return 0, false
		}
		h := string(w[m[10]:m[11]])
		if n, ok := numValue(h); ok && h[0] >= '0' && h[0] <= '9' && (n < 1 || n > 12) {
			return 0, false
		}
		if m[1] < len(w) && (w[m[1]] == ':' || w[m[1]] == '/') {
			return 0, false
		}
		return m[1], true
	},
	apply: func(st *state, c []string) error {
		mins := 30
		switch v := strings.Join(strings.Fields(strings.ReplaceAll(c[1], "-", " ")), " "); v {
		case "", "half":
		case "quarter":
			mins = 15
		case "twenty five":
			mins = 25
		case "twentyfive":
			mins = 25
		default:
			n, _ := numValue(v)
			mins = n
		}
		if mins < 1 || mins > 59 {
			return invalidf(c[0], "%q isn't a valid time.", strings.TrimSpace(c[0]))
		}
		t := todSpec{set: true, text: c[0]}
		switch c[5] {
		case "noon", "midday":
			t.h, t.named = 12, true
		case "midnight":
			t.named, t.midnight = true, true
		default:
			if n, ok := hourWords[c[5]]; ok {
				t.h = n
			} else {
				t.h = atoi(c[5])
			}
		}
		if mer := c[6] + c[7]; mer != "" {
			t.mer = strings.ToLower(mer)[0]
		}
		if c[3] == "to" || c[3] == "til" || c[3] == "till" {
			t.sub = mins
		} else {
			t.m = mins
		}
		st.setTod(t)
		return nil
	},
}

// sameTimeRule: "same time tomorrow", "this time next week", "same time
// next friday": the current time of day, to the minute. "Next week" here is
// seven days on, not next week's Monday. Without a day after it, "same
// time" is left alone.
var sameTimeRule = &rule{
	k:   kTime,
	pre: anyOf("same time", "this time"),
	res: re(`\b(?:at\s+)?(?:the\s+)?(?:same|this)\s+time\s*,?\s*(?:(next\s+week|a\s+week\s+from\s+(?:now|today))\b)?`),
	accept: func(st *state, m []int) (int, bool) {
		return m[1], m[2] >= 0 || reDayNext.MatchString(st.after(m[1]))
	},
	apply: func(st *state, c []string) error {
		st.setTod(todSpec{set: true, h: st.now.Hour(), m: st.now.Minute(), h24: true, text: c[0]})
		if c[1] != "" {
			st.setDate(dateSpec{kind: dRel, n: 7, text: c[1]})
		}
		return nil
	},
}

var reDayNext = re(`^(?:` + reTomorrow + `|` + reToday + `|` + reTonight + `|` + reWD + `|on\b|next\b|this\s+W|in\s+\d|in\s+a\b|` + reMon + `|\d{1,2}[/.]\d)`)
