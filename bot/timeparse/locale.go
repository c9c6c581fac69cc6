package timeparse

import "strings"

// monthFirst are the locales whose short dates put the month first. Slack
// sends locales as language-REGION ("en-US", "zh-CN"); a language alone
// counts for all its regions.
var monthFirst = map[string]bool{"en-us": true, "en-ca": true, "en-ph": true, "ja-jp": true, "ko-kr": true, "zh": true,
	"ja": true, "ko": true}

// DayFirst reports whether the user of a Slack locale writes slash dates
// day first: "3/12" is December 3 for "en-GB", March 12 for "en-US". The
// bot reads other dates people type (an occurrence to cancel) the same way.
func DayFirst(locale string) bool { return dayFirst(locale) }

// dayFirst reports whether slash dates are D/M for the locale (issue 12,
// convention 18): M/D for en-US, en-CA, en-PH, ja-JP, zh-*, ko-KR and an
// unknown locale, D/M for every other. Decided: a locale is unknown when it
// is empty or not shaped like a language tag ("xx" or "xx-YY"), and a bare
// "en" is unknown too (its region decides), so both read M/D.
func dayFirst(locale string) bool {
	l := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(locale), "_", "-"))
	lang, region, _ := strings.Cut(l, "-")
	if len(lang) < 2 || len(lang) > 3 || !letters(lang) || region != "" && !alnumTag(region) {
		return false
	}
	if monthFirst[lang] || monthFirst[lang+"-"+region] || lang == "en" && region == "" {
		return false
	}
	return true
}

func letters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

func alnumTag(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) && s[i] != '-' {
			return false
		}
	}
	return true
}
