package timeparse

import "strings"

// Preconditions and anchors keep matching cheap: a rule whose words are
// absent is skipped, and costly patterns start near their first possible
// word instead of at every position of the text.

// anyOf is a precondition: the working text contains one of the words.
func anyOf(words ...string) func(*state, string) bool {
	return func(_ *state, w string) bool {
		for _, x := range words {
			if strings.Contains(w, x) {
				return true
			}
		}
		return false
	}
}

// hasDigitOr is a precondition: the working text has a digit or one of
// the words.
func hasDigitOr(words ...string) func(*state, string) bool {
	any := anyOf(words...)
	return func(st *state, w string) bool {
		return strings.ContainsAny(w, "0123456789") || any(st, w)
	}
}

// recurring is a precondition: a recurrence was already claimed.
func recurring(st *state, _ string) bool { return st.has(kRecur) }

// hasZoneWord: a zone abbreviation as a whole word, or a +hh offset.
func hasZoneWord(_ *state, w string) bool {
	if strings.IndexByte(w, '+') >= 0 || strings.IndexByte(w, 'C') >= 0 || strings.Contains(w, " -") || strings.Contains(w, " time") {
		return true
	}
	for _, f := range strings.FieldsFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) {
		if _, ok := zoneNames[f]; ok {
			return true
		}
	}
	return false
}

// zoneAnchor: one token before the first zone word or offset sign.
func zoneAnchor(_ *state, w string) int {
	first := -1
	for i := 0; i < len(w); {
		if w[i] == '+' || w[i] == '-' && i > 0 && w[i-1] == ' ' {
			first = i
			break
		}
		if !isAlnum(w[i]) {
			i++
			continue
		}
		j := i
		for j < len(w) && isAlnum(w[j]) {
			j++
		}
		if _, ok := zoneNames[w[i:j]]; ok || w[i] == 'C' || w[i:j] == "my" || w[i:j] == "our" || w[i:j] == "local" {
			first = i
			break
		}
		i = j
	}
	if first < 0 {
		return -1
	}
	i := first
	for k := 1; k >= 0; k-- {
		for i > 0 && w[i-1] != ' ' {
			i--
		}
		if k > 0 {
			for i > 0 && w[i-1] == ' ' {
				i--
			}
		}
	}
	return i
}

// hasDurUnit: "hour", "hr", "min", "half", or a digit followed by h or m.
func hasDurUnit(st *state, w string) bool {
	if anyOf("hour", "hr", "min", "half")(st, w) {
		return true
	}
	for i := 1; i < len(w); i++ {
		if (w[i] == 'h' || w[i] == 'm') && w[i-1] >= '0' && w[i-1] <= '9' {
			return true
		}
	}
	return false
}

// hasRangeSep: a digit or named time and a range separator.
func hasRangeSep(st *state, w string) bool {
	return hasDigitOr("noon", "midday", "midnight")(st, w) && anyOf("-", " to ", "til", " and ", "thru", "~")(st, w)
}

// marked is a precondition: the working text has a marked word.
func marked(marker byte) func(*state, string) bool {
	return func(_ *state, w string) bool { return strings.IndexByte(w, marker) >= 0 }
}

// markWords returns a copy of lower where the first letter of each weekday
// word becomes 'W', of each month word 'M' and of each city 'C', with the
// spaces inside a city name turned into '_' so that "new york" is one word
// (the text is lowercase, so capitals are free to use as markers).
func markWords(lower []byte) []byte {
	w := append([]byte(nil), lower...)
	for i := 0; i < len(w); {
		for i < len(w) && (w[i] < 'a' || w[i] > 'z') {
			i++
		}
		j := i
		for j < len(w) && w[j] >= 'a' && w[j] <= 'z' {
			j++
		}
		if j > i && (i == 0 || !isAlnum(w[i-1])) && (j == len(w) || !isAlnum(w[j])) {
			word := string(w[i:j])
			if _, ok := weekdayWords[word]; ok {
				w[i] = 'W'
			} else if _, ok := monthWords[word]; ok {
				w[i] = 'M'
			} else if end := cityAt(lower, i, j); end > 0 {
				w[i] = 'C'
				for k := i; k < end; k++ {
					if w[k] == ' ' {
						w[k] = '_'
					}
				}
				j = end
			}
		}
		i = j
	}
	return w
}

// wordsBefore anchors a rule n words before the first word of the
// (unmarked) text found in vocab.
func wordsBefore[V any](vocab map[string]V, n int) func(*state, string) int {
	return func(st *state, _ string) int {
		w := st.lower
		var starts []int
		for i := 0; i < len(w); {
			for i < len(w) && !isAlnum(w[i]) {
				i++
			}
			j := i
			for j < len(w) && isAlnum(w[j]) {
				j++
			}
			if j > i {
				starts = append(starts, i)
				if _, ok := vocab[string(w[i:j])]; ok {
					return starts[max(len(starts)-1-n, 0)]
				}
			}
			i = j
		}
		return -1
	}
}

// digitAnchor anchors a rule at the whitespace-separated token holding the
// first digit, n tokens earlier ("at 3", "from 2-3": n = 1).
func digitAnchor(n int) func(*state, string) int {
	return func(_ *state, w string) int {
		i := strings.IndexAny(w, "0123456789")
		if i < 0 {
			return -1
		}
		for k := n; k >= 0; k-- {
			for i > 0 && w[i-1] != ' ' {
				i--
			}
			if k > 0 {
				for i > 0 && w[i-1] == ' ' {
					i--
				}
			}
		}
		return i
	}
}

// hasISODate: four digits then '-' or '/' ("2026-12-03", "2026/12/03").
func hasISODate(_ *state, w string) bool {
	run := 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= '0' && c <= '9':
			run++
		case (c == '-' || c == '/') && run == 4:
			return true
		default:
			run = 0
		}
	}
	return false
}
