package timeparse

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// Word lists shared by the rules. Typos and abbreviations people really type
// in Slack are listed next to the proper spelling so that every rule accepts
// the same vocabulary.

var weekdayWords = map[string]time.Weekday{
	"sunday": time.Sunday, "sun": time.Sunday, "sundays": time.Sunday, "sundy": time.Sunday,
	"monday": time.Monday, "mon": time.Monday, "mondays": time.Monday, "mnday": time.Monday, "monady": time.Monday,
	"tuesday": time.Tuesday, "tues": time.Tuesday, "tue": time.Tuesday, "tuesdays": time.Tuesday,
	"tuseday": time.Tuesday, "tusday": time.Tuesday, "teusday": time.Tuesday, "tuesady": time.Tuesday,
	"wednesday": time.Wednesday, "weds": time.Wednesday, "wed": time.Wednesday, "wednesdays": time.Wednesday,
	"wensday": time.Wednesday, "wednsday": time.Wednesday, "wendsday": time.Wednesday, "wendesday": time.Wednesday,
	"wedensday": time.Wednesday, "wednessday": time.Wednesday,
	"thursday": time.Thursday, "thurs": time.Thursday, "thur": time.Thursday, "thu": time.Thursday,
	"thursdays": time.Thursday, "thrusday": time.Thursday, "thurday": time.Thursday, "thrs": time.Thursday,
	"thursady": time.Thursday, "thursdy": time.Thursday,
	"friday": time.Friday, "fri": time.Friday, "fridays": time.Friday, "firday": time.Friday, "fridy": time.Friday, "frday": time.Friday,
	"saturday": time.Saturday, "sat": time.Saturday, "saturdays": time.Saturday, "saterday": time.Saturday, "satruday": time.Saturday, "saturady": time.Saturday, "satuday": time.Saturday,
	// "this weekend" starts on Saturday; "every weekend" is Saturday and Sunday (see parseDays).
	"weekend": time.Saturday, "weekends": time.Saturday,
}

// weekdayAmbiguous are weekday abbreviations that are also ordinary words or
// name parts ("Sun Life", "Sat Nav", "Wed Planning"), so they only count when
// the context does not look like a proper name.
var weekdayAmbiguous = map[string]bool{"sun": true, "sat": true, "wed": true, "mon": true, "thu": true, "tue": true, "fri": true}

var monthWords = map[string]time.Month{
	"january": 1, "jan": 1, "janurary": 1, "januray": 1,
	"february": 2, "feb": 2, "febuary": 2, "feburary": 2, "febrary": 2,
	"march": 3, "mar": 3,
	"april": 4, "apr": 4,
	"may":  5,
	"june": 6, "jun": 6,
	"july": 7, "jul": 7,
	"august": 8, "aug": 8, "agust": 8,
	"september": 9, "sept": 9, "sep": 9, "septmber": 9,
	"october": 10, "oct": 10,
	"november": 11, "nov": 11, "novmber": 11,
	"december": 12, "dec": 12, "decmber": 12, "dezember": 12,
}

var numberWords = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple": 2, "a couple": 2,
	"a couple of": 2, "couple of": 2, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
	"forty-five": 45, "forty five": 45, "sixty": 60, "ninety": 90,
}

// ordinalWords are day numbers written out ("december first").
var ordinalWords = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
	"ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "fifteenth": 15, "twentieth": 20, "thirtieth": 30,
}

// alternation builds a regexp alternation of the map's keys, longest first so
// that "tues" wins over "tue".
func alternation[V any](m map[string]V) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if len(keys[i]) != len(keys[j]) {
			return len(keys[i]) > len(keys[j])
		}
		return keys[i] < keys[j]
	})
	for i, k := range keys {
		keys[i] = strings.ReplaceAll(k, " ", `\s+`)
	}
	return "(?:" + strings.Join(keys, "|") + ")"
}

var (
	// Weekday and month words are marked in the working text (see
	// markWords), so patterns match the marker instead of a 60-word
	// alternation: matching cost grows with pattern size.
	reWD      = `(?:W[a-z]*)`
	reMon     = `(?:M[a-z]*)`
	reWDFull  = alternation(weekdayWords)
	reNum     = `(?:\d+|` + strings.TrimPrefix(alternation(numberWords), "(?:")
	reOrdWord = alternation(ordinalWords)
	// reTomorrow covers the spellings seen in chat: tmrw, tmr, 2moro, tomorow, tommorow...
	reTomorrow = `(?:tom+or+ow+|tom+or+ow+|tm+or+ow|tmrw|tmrrw|tmrow|tmr|tmw|tmro|tomrw|tomo|2mor+ow?|2mrw|2morow)`
	reToday    = `(?:today|tdy|2day)`
	reTonight  = `(?:tonight|tonite|2nite|2night)`
)

// numValue reads a digit string or a number word.
func numValue(s string) (int, bool) {
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	n, ok := numberWords[s]
	return n, ok
}

func weekdayOf(s string) (time.Weekday, bool) {
	w, ok := weekdayWords[strings.ToLower(strings.TrimSuffix(s, "."))]
	return w, ok
}

func monthOf(s string) (time.Month, bool) {
	m, ok := monthWords[strings.ToLower(strings.TrimSuffix(s, "."))]
	return m, ok
}
