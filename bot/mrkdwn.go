package bot

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escape makes user text safe inside mrkdwn: only &, < and > are special
// (docs.slack.dev/messaging/formatting-message-text), and escaping them is
// what stops "<!channel>" in a topic from pinging a channel.
func escape(s string) string { return mrkdwnEscaper.Replace(s) }

// userMention matches the user mentions Slack sends in escaped command text:
// <@U123> or <@U123|name>.
var userMention = regexp.MustCompile(`<@([UW][A-Z0-9]{2,})(?:\|[^<>]*)?>`)

// escapeTopic escapes a topic but keeps user mentions the user typed, as
// plain <@U…> ids. Everything else (<!channel>, <!here>, links) is shown as
// text.
func escapeTopic(s string) string {
	var out strings.Builder
	last := 0
	for _, m := range userMention.FindAllStringSubmatchIndex(s, -1) {
		out.WriteString(escape(s[last:m[0]]))
		out.WriteString("<@" + s[m[2]:m[3]] + ">")
		last = m[1]
	}
	out.WriteString(escape(s[last:]))
	return out.String()
}

// plainTopic is the topic for places without mrkdwn (Zoom, plain_text):
// mentions become @name, or @id when Slack sent no name.
func plainTopic(s string, names map[string]string) string {
	return userMention.ReplaceAllStringFunc(s, func(tok string) string {
		m := userMention.FindStringSubmatch(tok)
		if n := names[m[1]]; n != "" {
			return "@" + n
		}
		if _, name, ok := strings.Cut(strings.TrimSuffix(tok, ">"), "|"); ok && name != "" {
			return "@" + name
		}
		return "@" + m[1]
	})
}

// slackDate renders t so that each reader sees it in their own zone, with a
// fallback (required by Slack) in the zone it was scheduled in.
func slackDate(t time.Time, loc *time.Location) string {
	return fmt.Sprintf("<!date^%d^{date_short_pretty} at {time}|%s>", t.Unix(), fallbackTime(t, loc))
}

// slackTime renders only the clock time in the reader's zone.
func slackTime(t time.Time, loc *time.Location) string {
	return fmt.Sprintf("<!date^%d^{time}|%s>", t.Unix(), t.In(loc).Format("3:04 PM MST"))
}

func fallbackTime(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format("Mon Jan 2 2006 3:04 PM MST")
}

// humanDuration writes 30 min, 1 h, 1 h 30 min.
func humanDuration(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
	}
	m := int(d.Round(time.Minute) / time.Minute)
	switch {
	case m < 60:
		return fmt.Sprintf("%d min", m)
	case m%60 == 0:
		return fmt.Sprintf("%d h", m/60)
	default:
		return fmt.Sprintf("%d h %d min", m/60, m%60)
	}
}
