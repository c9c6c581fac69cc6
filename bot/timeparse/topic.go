package timeparse

import (
	"regexp"
	"strings"
	"time"
)

// connectors are removed when they sit right before a claimed expression
// ("standup at 3pm", "sync on friday", "review @ 2").
var connectors = map[string]bool{
	"at": true, "on": true, "@": true, "for": true, "from": true, "in": true, "around": true, "about": true,
	"approx": true, "approximately": true, "~": true, "starting": true, "beginning": true, "by": false,
}

var postWords = map[kind]string{kTime: "sharp", kRange: "sharp", kZone: "sharp", kRecur: "only"}

// computePartAdj decides whether a day-part word belongs to the time
// ("tomorrow morning at 9", "this afternoon at 4:30") or is title text when
// an explicit clock time exists elsewhere ("Morning standup tomorrow 9am").
func (st *state) computePartAdj() {
	if st.partAdj || st.part == "" {
		return
	}
	for _, p := range st.hits {
		if p.k != kPart {
			continue
		}
		for _, h := range st.hits {
			if h.k != kDate && h.k != kTime && h.k != kRange && h.k != kZone {
				continue
			}
			lo, hi := h.r, p.l
			if h.l >= p.r {
				lo, hi = p.r, h.l
			}
			if lo <= hi && onlyGlue(st.orig[lo:hi]) {
				st.partAdj = true
				return
			}
		}
	}
}

func onlyGlue(s string) bool {
	for _, w := range strings.Fields(strings.ToLower(strings.ReplaceAll(s, ",", " "))) {
		if !connectors[w] && w != "the" {
			return false
		}
	}
	return true
}

// topic is the text left after removing claimed expressions and their
// connector words, with edge punctuation trimmed and spaces collapsed.
func (st *state) topic() string {
	n := len(st.orig)
	gone := make([]bool, n)
	titlePart := st.tod.set && !st.partAdj
	for _, h := range st.hits {
		if h.k == kPart && titlePart || st.holidayTitle(h) {
			continue
		}
		for i := h.l; i < h.r && i < n; i++ {
			gone[i] = true
		}
		// "3pm sharp", "weekdays only": the word only qualifies the
		// expression before it.
		if w := postWords[h.k]; w != "" {
			rest := st.orig[h.r:]
			trimmed := strings.TrimLeft(rest, " ")
			if len(trimmed) >= len(w) && strings.EqualFold(trimmed[:len(w)], w) && (len(trimmed) == len(w) || !isAlnum(trimmed[len(w)])) {
				from := h.r + len(rest) - len(trimmed)
				for i := from; i < from+len(w); i++ {
					gone[i] = true
				}
			}
		}
		// Connector words right before the expression go with it.
		l := h.l
		for {
			i := l
			for i > 0 && (st.orig[i-1] == ' ' || st.orig[i-1] == '\t') {
				i--
			}
			if i > 0 && st.orig[i-1] == '@' {
				gone[i-1] = true
				l = i - 1
				continue
			}
			j := i
			for j > 0 && st.orig[j-1] != ' ' && st.orig[j-1] != '\t' && !gone[j-1] {
				j--
			}
			word := strings.ToLower(st.orig[j:i])
			if j == i || !connectors[word] && !(h.k == kDuration && (word == "a" || word == "an")) {
				break
			}
			for k := j; k < h.l; k++ {
				gone[k] = true
			}
			l = j
		}
	}
	type seg struct {
		s     string
		after bool // follows removed text
	}
	var segs []seg
	start := -1
	for i := 0; i <= n; i++ {
		if i < n && !gone[i] {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			segs = append(segs, seg{st.orig[start:i], start > 0})
			start = -1
		}
	}
	out := ""
	for _, sg := range segs {
		s := strings.TrimSpace(sg.s)
		if s == "" {
			continue
		}
		if out != "" {
			// At a seam, drop punctuation that only separated the removed
			// expression ("standup, tomorrow 3pm, notes" -> "standup, notes").
			if strings.ContainsRune(seamPunct, lastRune(out)) {
				s = strings.TrimLeft(s, seamPunct+" ")
			} else if len(s) > 1 && strings.ContainsRune("?!", rune(s[0])) && s[1] == ' ' {
				s = s[2:] // "can we do 3pm tomorrow? budget chat"
			}
			if s == "" {
				continue
			}
			out += " " + s
		} else {
			// "tomorrow 3pm for design review": a leading "for" after the
			// removed time belongs to the time phrase.
			out = s
			if sg.after {
				out = stripLeadFor(trimEdges(out))
			}
		}
	}
	out = strings.Join(strings.Fields(out), " ")
	out = reEmptyBrackets.ReplaceAllString(out, "")
	out = strings.Join(strings.Fields(out), " ")
	out = trimEdges(out)
	if len(out) >= 2 && (out[0] == '"' && out[len(out)-1] == '"' || out[0] == '\'' && out[len(out)-1] == '\'') {
		out = strings.TrimSpace(out[1 : len(out)-1])
	}
	return out
}

// holidayTitle: a holiday right before a title word names the meeting as
// well as its day ("halloween party 6pm", "thanksgiving dinner 5pm"), so it
// stays in the topic. Decided so: "party 6pm" would lose what the meeting is.
func (st *state) holidayTitle(h hit) bool {
	for _, x := range st.holidays {
		if x == h {
			return st.titleWordAt(h.r)
		}
	}
	return false
}

var reEmptyBrackets = regexp.MustCompile(`[(\[]\s*[)\]]`)

const seamPunct = ",;:-|/"

func stripLeadFor(s string) string {
	ls := strings.ToLower(s)
	for _, p := range []string{"for ", "about ", "re: ", "re ", "to "} {
		if strings.HasPrefix(ls, p) && len(s) > len(p) {
			return strings.TrimSpace(s[len(p):])
		}
	}
	return s
}

func lastRune(s string) rune {
	if s == "" {
		return 0
	}
	return rune(s[len(s)-1])
}

var (
	reEmojiEnd   = regexp.MustCompile(`:[a-z0-9_+\-]+:$`)
	reEmojiStart = regexp.MustCompile(`^:[a-z0-9_+\-]+:`)
)

func trimEdges(s string) string {
	for {
		// Keep Slack emoji codes (":tada:") whole at the edges.
		cut := " \t,;:-|/.!?~*_"
		t := strings.TrimSpace(s)
		if !reEmojiStart.MatchString(t) {
			t = strings.TrimLeft(t, cut)
		}
		if !reEmojiEnd.MatchString(t) {
			t = strings.TrimRight(t, cut)
		}
		t = strings.TrimSpace(t)
		if strings.HasPrefix(t, "(") && !strings.Contains(t, ")") {
			t = t[1:]
		}
		if strings.HasSuffix(t, ")") && !strings.Contains(t, "(") {
			t = t[:len(t)-1]
		}
		if strings.HasPrefix(t, "\u2013") || strings.HasPrefix(t, "\u2014") {
			t = t[3:]
		}
		if strings.HasSuffix(t, "\u2013") || strings.HasSuffix(t, "\u2014") {
			t = t[:len(t)-3]
		}
		if t == s {
			return t
		}
		s = t
	}
}

// partial is what an error carries for the modal to pre-fill.
func (st *state) partial() Result {
	r := Result{Duration: st.dur, Topic: st.topic()}
	if !st.dateOnly.IsZero() {
		r.Start = st.dateOnly
	} else if st.date.kind != dNone {
		if y, m, d, err := st.mainDate(dateOf(st.now)); err == nil {
			r.Start = time.Date(y, m, d, 0, 0, 0, 0, st.loc)
		}
	}
	return r
}
