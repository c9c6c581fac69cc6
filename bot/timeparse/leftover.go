package timeparse

import (
	"strings"
)

// Rule 20 of issue 12: never a silent misread. After the rules have read
// what they can, the words left over next to the time expression are
// looked at. A date-like one ("sometime next week", "tomorrow or
// wednesday", "after lunch tomorrow", "mid december 3pm") or a zone-like
// one ("3pm mars time", "10am PKT") means the phrase says more about when
// than was read, so Parse names that part and asks, instead of returning a
// time that may be wrong. Title words (convention 12: "Jan", "May", "Sun
// Life", "1:1", "Q4") are not date-like, so they stay title text.
//
// "Next to" is a walk outward from each claimed expression across at most
// three unclaimed words that can belong to a time phrase (temporal below);
// the first word that cannot ("standup", "review") ends the walk, so
// "drinks after work friday 6pm" keeps its title.

// temporal are words that can sit inside a time phrase.
var temporal = map[string]bool{
	"or": true, "and": true, "of": true, "the": true, "a": true, "an": true, "this": true, "next": true, "nxt": true,
	"last": true, "coming": true, "following": true, "on": true, "at": true, "in": true, "by": true, "around": true,
	"about": true, "from": true, "to": true, "until": true, "till": true, "til": true, "between": true, "same": true,
	"every": true, "each": true, "end": true, "start": true, "beginning": true, "mid": true, "early": true, "late": true,
	"week": true, "weeks": true, "wk": true, "wks": true, "month": true, "months": true, "year": true, "years": true,
	"day": true, "days": true, "fortnight": true, "fortnights": true, "time": true, "breakfast": true, "brunch": true,
	"lunch": true, "lunchtime": true, "dinner": true, "supper": true, "few": true, "couple": true,
}

// vague are words that make a time phrase imprecise wherever they sit in
// it.
var vague = map[string]bool{
	"sometime": true, "sometimes": true, "someday": true, "whenever": true, "anytime": true, "soon": true,
	"soonish": true, "later": true, "earlier": true, "either": true, "maybe": true, "possibly": true, "perhaps": true,
	"probably": true, "tbd": true, "tba": true, "tbc": true, "after": true, "before": true, "ago": true, "eow": true,
	"eom": true, "eoy": true, "midweek": true, "or": true, "christmas": true, "xmas": true, "halloween": true,
	// An end the rules could not read: "every thursday until the launch".
	"until": true, "till": true, "til": true, "thru": true, "through": true,
	"thanksgiving": true, "valentine's": true, "valentines": true, "nye": true,
	// Holidays and seasons the parser cannot date: "easter sunday 10am"
	// must not become the next Sunday.
	"easter": true, "boxing": true, "labor": true, "labour": true, "memorial": true, "diwali": true, "hanukkah": true,
	"chanukah": true, "eid": true, "passover": true, "ramadan": true, "mother's": true, "father's": true,
	"patrick's": true, "mlk": true, "juneteenth": true, "presidents": true, "presidents'": true, "pancake": true,
	"lunar": true, "chinese": true, "bank": true, "spring": true, "summer": true, "autumn": true, "fall": true,
	"winter": true, "holiday": true, "holidays": true,
}

// otherVague are the vague words that are not holidays.
var otherVague = map[string]bool{"sometime": true, "sometimes": true, "someday": true, "whenever": true,
	"anytime": true, "soon": true, "soonish": true, "later": true, "earlier": true, "either": true, "maybe": true,
	"possibly": true, "perhaps": true, "probably": true, "tbd": true, "tba": true, "tbc": true, "after": true,
	"before": true, "ago": true, "eow": true, "eom": true, "eoy": true, "midweek": true, "or": true, "until": true,
	"till": true, "til": true, "thru": true, "through": true}

func (st *state) bracketed(t token) bool {
	return strings.ContainsAny(string(st.lower[t.l:t.r]), "()[]")
}

// nameMonths are month words that are also names or common words ("1:1
// with May 3pm", "March madness"); alone they are title text.
var nameMonths = map[string]bool{"may": true, "june": true, "jan": true, "march": true, "mar": true, "april": true, "august": true}

var (
	reVaguePhrase = re(`\b(?:(?:this|next|nxt|last|coming|following|every|each|same|early|late|mid|end\s+of|start\s+of|beginning\s+of)\s+(?:the\s+)?(?:week|wk|month|year|weekend|quarter|day)|(?:early|late|mid|end\s+of|start\s+of|beginning\s+of)\s+(?:next|nxt|this|the)\s+(?:week|wk|month|year)|(?:first|second|third|fourth|fifth|last|\d+(?:st|nd|rd|th))\s+(?:W[a-z]*|of|in)\b|of\s+(?:the|every|each)\s+(?:week|month|year|quarter)|(?:\d+|a|an|one|two|three|four|few|couple(?:\s+of)?)\s+(?:days?|weeks?|wks?|months?|years?|fortnights?)|(?:early|late|mid|end\s+of|start\s+of|beginning\s+of|in|this|next|last)\s+M[a-z]*)\b`)
	reClockToken  = re(`^(?:\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m?\.?|p\.?m?\.?)|\d{1,2}:\d{2}|noon|midnight)$`)
	reDayWord     = re(`^(?:` + reTomorrow + `|` + reToday + `|` + reTonight + `)$`)
	reZoneAbbr    = re(`^(?:[A-Z]{2,4}T|MSK|UTC[+-].*|GMT[+-].*)$`)
)

// timeActivities are words people put before "time" in a meeting name
// ("2pm focus time"); any other word there right after a time reads as a
// zone the parser does not know ("3pm mars time").
var timeActivities = map[string]bool{
	"focus": true, "quiet": true, "story": true, "tea": true, "play": true, "nap": true, "snack": true, "screen": true,
	"family": true, "quality": true, "face": true, "office": true, "free": true, "down": true, "lunch": true,
	"dinner": true, "game": true, "show": true, "bed": true, "prime": true, "crunch": true, "study": true,
	"reading": true, "question": true, "coffee": true, "break": true, "team": true, "demo": true, "maker": true,
	"deep": true, "work": true, "me": true, "flex": true, "fun": true, "circle": true, "social": true, "hack": true,
	"learning": true, "prep": true, "planning": true, "thinking": true, "writing": true, "buffer": true,
	"travel": true, "admin": true, "desk": true, "overlap": true, "core": true, "open": true, "heads-down": true,
	"meeting": true, "party": true, "happy": true, "bonding": true, "review": true, "practice": true, "party's": true,
	"my": true, "our": true, "your": true, "local": true, "same": true, "this": true, "that": true, "any": true, "what": true,
	"sync": true, "standup": true, "huddle": true, "catchup": true, "office-hours": true, "hours": true, "pairing": true,
	"code": true, "coding": true, "shower": true, "recess": true, "closing": true, "opening": true, "release": true,
}

// reOtherHoliday are holidays whose dates the parser does not compute
// (moving feasts, other countries' days).
var reOtherHoliday = re(`\b(?:(?:memorial|labou?r|boxing|independence|mother'?\s*s|father'?\s*s|presidents'?|pancake|canada|victoria|australia|bastille|patrick'?\s*s|remembrance|veterans'?|columbus|groundhog|family)\s+day|easter|diwali|hanukkah|chanukah|passover|ramadan|juneteenth|mlk|good\s+Wriday|(?:lunar|chinese)\s+new\s+year)\b`)

var holidayCue = anyOf("day", "easter", "diwali", "hanukkah", "chanukah", "passover", "ramadan", "juneteenth", "mlk",
	"Wriday", "new year")

// otherHoliday finds a holiday of reOtherHoliday when no date was read.
func (st *state) otherHoliday() []int {
	w := st.workString()
	if st.has(kDate) || !holidayCue(st, w) {
		return nil
	}
	return reOtherHoliday.FindStringIndex(w)
}

// phraseKeys start the phrases of reVaguePhrase; without one among the
// words walked over, the pattern cannot match, and is not run.
var phraseKeys = map[string]bool{"this": true, "next": true, "nxt": true, "last": true, "coming": true, "following": true,
	"every": true, "each": true, "same": true, "early": true, "late": true, "mid": true, "end": true, "start": true,
	"beginning": true, "of": true, "in": true, "a": true, "an": true, "few": true, "couple": true}

func (st *state) phraseKey(ts []token) bool {
	for _, t := range ts {
		if _, ord := ordinalValues[t.word]; ord || phraseKeys[t.word] || isNumber(t.word) {
			return true
		}
	}
	return false
}

type token struct {
	l, r    int
	word    string // lowercased, edge punctuation trimmed
	claimed bool
}

// tokens splits the text at spaces and commas; a token is claimed when a
// rule read any of it.
func (st *state) tokens() []token {
	var out []token
	w := st.lower
	for i := 0; i < len(w); {
		for i < len(w) && isSep(w[i]) {
			i++
		}
		j := i
		for j < len(w) && !isSep(w[j]) {
			j++
		}
		if j > i {
			t := token{l: i, r: j, word: strings.Trim(string(w[i:j]), "()[]{}\"'.!?:;*_~")}
			for k := i; k < j; k++ {
				if st.work[k] == blank {
					t.claimed = true
					break
				}
			}
			out = append(out, t)
		}
		i = j
	}
	return out
}

func isSep(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == ',' || c == ';' }

// checkLeftovers returns an *Error naming the first date-like or zone-like
// part left over next to the time expression, or nil.
func (st *state) checkLeftovers() error {
	toks := st.tokens()
	if m := st.otherHoliday(); m != nil {
		// "memorial day bbq 1pm": a day whose date the parser does not
		// know, and no other date to go by.
		return &Error{Kind: ErrUnclear, Msg: "I don't know the date of " + st.orig[m[0]:m[1]] + ".",
			Suggestion: `give the date, like "may 31 1pm"`}
	}
	for i, t := range toks {
		if t.claimed {
			if err := st.zoneLike(toks, i); err != nil {
				return err
			}
			continue
		}
		if t.word == "every" && i+1 < len(toks) && !toks[i+1].claimed {
			// "every sprint 10am": a repeat the rules could not read.
			return &Error{Kind: ErrUnclear, Msg: "I can't repeat a meeting \"" + st.span(toks[i:i+2]) + "\".",
				Suggestion: `try "every monday 10am" or "first friday of every month 4pm"`}
		}
	}
	for i, t := range toks {
		if !t.claimed {
			continue
		}
		for _, dir := range []int{-1, 1} {
			lo, hi := i, i // the walk covers toks[lo..hi]
			for j := i + dir; j >= 0 && j < len(toks) && hi-lo < 3; j += dir {
				if toks[j].claimed || !st.timeWord(toks[j]) || st.bracketed(toks[j]) {
					break // brackets set a part apart: "planning (for Oct) tomorrow"
				}
				lo, hi = min(lo, j), max(hi, j)
			}
			if lo == hi {
				continue
			}
			// The phrase is the words walked over and the claim's own text
			// ("early next week"); a vague phrase must take in a word left
			// over, not lie within the claim ("every day at").
			var phrase string
			claimL, claimR := 0, 0
			unclear := false
			for j := lo; j <= hi; j++ {
				if phrase != "" {
					phrase += " "
				}
				if j != i {
					unclear = unclear || st.dateLike(toks, j)
					phrase += string(st.work[toks[j].l:toks[j].r])
					continue
				}
				claimL = len(phrase)
				phrase += st.claimText(t)
				claimR = len(phrase)
			}
			if !unclear && st.phraseKey(toks[lo:hi+1]) {
				for _, m := range reVaguePhrase.FindAllStringIndex(phrase, -1) {
					unclear = unclear || m[0] < claimL || m[1] > claimR
				}
			}
			// "friday week", "tomorrow week": a unit right after a day
			// counts from it (British), which is not read.
			unit := dir > 0 && dateUnits[toks[i+1].word] && st.claimKind(t) == kDate
			if unclear || unit {
				return &Error{Kind: ErrUnclear, Msg: "I can't tell when \"" + st.span(toks[lo:hi+1]) + "\" is.",
					Suggestion: `name one day and time, like "wednesday 3pm"`}
			}
		}
	}
	return nil
}

var dateUnits = map[string]bool{"week": true, "wk": true, "weeks": true, "month": true, "fortnight": true}

// span is the original text from the first token to the last, widened to
// whole claims ("sometime next week", not "sometime next").
func (st *state) span(ts []token) string {
	l, r := ts[0].l, ts[len(ts)-1].r
	for _, t := range ts {
		l, r = min(l, t.l), max(r, t.r)
		if t.claimed {
			for _, h := range st.hits {
				if h.l < t.r && t.l < h.r {
					l, r = min(l, h.l), max(r, h.r)
				}
			}
		}
	}
	return strings.TrimSpace(st.orig[l:r])
}

// claimText is the text of the claims t is part of.
func (st *state) claimText(t token) string {
	l, r := t.l, t.r
	for _, h := range st.hits {
		if h.l < t.r && t.l < h.r {
			l, r = min(l, h.l), max(r, h.r)
		}
	}
	return string(st.lower[l:r])
}

// claimKind is the kind of the claim overlapping t, or 0.
func (st *state) claimKind(t token) kind {
	for _, h := range st.hits {
		if h.l < t.r && t.l < h.r {
			return h.k
		}
	}
	return 0
}

// timeWord: the token can be part of a time phrase.
func (st *state) timeWord(t token) bool {
	_, ord := ordinalValues[t.word]
	return temporal[t.word] || vague[t.word] || ord || st.dayToken(t) || isNumber(t.word)
}

// dayToken: an unread weekday, month, "tomorrow" or a clock time.
func (st *state) dayToken(t token) bool {
	if t.l >= len(st.work) {
		return false
	}
	c := st.work[t.l]
	if c == '(' && t.l+1 < t.r {
		c = st.work[t.l+1]
	}
	return c == 'W' || c == 'M' || reDayWord.MatchString(t.word) || reClockToken.MatchString(t.word)
}

func isNumber(s string) bool {
	if _, ok := numberWords[s]; ok {
		return true
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// dateLike: toks[j], walked over from a claim, says something about when
// by itself.
func (st *state) dateLike(toks []token, j int) bool {
	t := toks[j]
	if vague[t.word] && !otherVague[t.word] {
		// A holiday's name before a title word is a name: "10am xmas call",
		// "26.12. 10:00 boxing day brunch".
		k := j + 1
		for k < len(toks) && (toks[k].word == "day" || toks[k].word == "eve") {
			k++
		}
		if k < len(toks) && !toks[k].claimed && !vague[toks[k].word] && !st.dayToken(toks[k]) && !isNumber(toks[k].word) {
			return false
		}
	}
	if t.word == "after" || t.word == "before" {
		// "after lunch", "before noon" are vague times; "4pm after the
		// reconnect" is a title.
		k := j + 1
		for k < len(toks) && (toks[k].word == "the" || toks[k].word == "a") {
			k++
		}
		return k == len(toks) || toks[k].claimed || st.timeWord(toks[k])
	}
	if vague[t.word] || reDayWord.MatchString(t.word) || reClockToken.MatchString(t.word) {
		return true
	}
	switch st.work[t.l] {
	case 'W':
		return !looksLikeName(st, t.l, t.l+len(firstWord(st.orig[t.l:])))
	case 'M':
		return !nameMonths[t.word]
	}
	return false
}

// zoneLike: next to the claimed token i, "X time" where X is no zone
// read ("3pm mars time", or a known one the rules could not attach:
// "london time" after "in the afternoon"); right after a time, also an
// abbreviation shaped like a zone ("PKT", "EET").
func (st *state) zoneLike(toks []token, i int) error {
	if i+1 < len(toks) && !toks[i+1].claimed && st.timeClaim(toks[i]) {
		orig := strings.Trim(st.orig[toks[i+1].l:toks[i+1].r], "()[].,!?")
		if reZoneAbbr.MatchString(orig) {
			return &Error{Kind: ErrUnclear, Msg: "I don't know the time zone \"" + orig + "\".", Suggestion: zoneSuggestion}
		}
	}
	for _, dir := range []int{-1, 1} {
		// toks[a] is the word before "time", toks[b] is "time".
		a, b := i+1, i+2
		if a < len(toks) && toks[a].word == "in" {
			a, b = a+1, b+1
		}
		if dir < 0 {
			a, b = i-2, i-1
		}
		if a < 0 || b >= len(toks) || toks[a].claimed || toks[b].claimed || toks[b].word != "time" ||
			timeActivities[toks[a].word] || dir < 0 && !st.zoneWord(toks[a]) {
			continue // before a time only a known zone is out of place ("london time 3pm")
		}
		return &Error{Kind: ErrUnclear, Msg: "I can't place the time zone \"" + st.span(toks[min(a, i+1):b+1]) + "\".",
			Suggestion: zoneSuggestion}
	}
	return nil
}

const zoneSuggestion = `put a zone I know right after the time, like "3pm london time", "3pm CET" or "3pm UTC+3"`

// zoneWord: the token is a city or zone abbreviation (one word of it).
func (st *state) zoneWord(t token) bool {
	_, ok := zoneNames[t.word]
	return ok || st.work[t.l] == 'C' || strings.IndexByte(string(st.work[t.l:t.r]), '_') >= 0
}

// timeClaim: the token was read as a time of day (not only a date).
func (st *state) timeClaim(t token) bool {
	for _, h := range st.hits {
		if h.l < t.r && t.l < h.r && (h.k == kTime || h.k == kRange || h.k == kZone) {
			return true
		}
	}
	return false
}
