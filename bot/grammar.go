package bot

import (
	"strconv"
	"strings"
)

// Verb is what a /zoom command asks for.
type Verb string

// The verbs of /zoom. VerbForm is an empty command: it opens the form (help
// until the modal exists).
const (
	VerbForm     Verb = "form"
	VerbSchedule Verb = "schedule"
	VerbNow      Verb = "now"
	VerbList     Verb = "list"
	VerbCancel   Verb = "cancel"
	VerbHelp     Verb = "help"
	VerbPool     Verb = "pool" // admin: the host pool
)

// Command is a parsed /zoom command line.
type Command struct {
	Verb Verb
	// Text is what follows the verb: the time phrase for schedule, the topic
	// for now.
	Text string
	// MeetingID and Occurrence are set for cancel. Occurrence is the date
	// given with --occurrence, as typed.
	MeetingID  int64
	Occurrence string
	// Implicit is true when the verb was not typed ("/zoom tomorrow 3pm x").
	Implicit bool
}

var verbAliases = map[string]Verb{
	"schedule": VerbSchedule, "sched": VerbSchedule, "new": VerbSchedule, "create": VerbSchedule, "add": VerbSchedule,
	"now": VerbNow, "start": VerbNow, "instant": VerbNow,
	"list": VerbList, "ls": VerbList, "upcoming": VerbList,
	"cancel": VerbCancel, "delete": VerbCancel, "rm": VerbCancel,
	"help": VerbHelp, "-h": VerbHelp, "--help": VerbHelp, "?": VerbHelp,
	"pool": VerbPool,
}

// ParseCommand splits the text of a /zoom command into its verb and
// arguments. Text that starts with no known verb is read as a schedule phrase,
// so "/zoom tomorrow 3pm standup" works too. It returns an *Error for a
// malformed cancel.
func ParseCommand(text string) (Command, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return Command{Verb: VerbForm}, nil
	}
	first, rest, _ := strings.Cut(text, " ")
	verb, ok := verbAliases[strings.ToLower(first)]
	if !ok {
		return Command{Verb: VerbSchedule, Text: text, Implicit: true}, nil
	}
	rest = strings.TrimSpace(rest)
	cmd := Command{Verb: verb, Text: rest}
	if verb == VerbCancel {
		return parseCancel(rest)
	}
	return cmd, nil
}

func parseCancel(args string) (Command, error) {
	cmd := Command{Verb: VerbCancel}
	idPart := args
	for _, flag := range []string{"--occurrence", "—occurrence", "-occurrence"} {
		if i := strings.Index(idPart, flag); i >= 0 {
			cmd.Occurrence = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(idPart[i+len(flag):]), "="))
			idPart = idPart[:i]
			if cmd.Occurrence == "" {
				return cmd, userErr("bad_cancel", "Which occurrence? Give its date, for example `/zoom cancel 812 3456 7890 --occurrence 2026-12-07`.")
			}
			break
		}
	}
	id, ok := ParseMeetingID(idPart)
	if !ok {
		return cmd, userErr("bad_cancel", "Which meeting? Give its ID, for example `/zoom cancel 812 3456 7890`. `/zoom list` shows your meetings and their IDs.")
	}
	cmd.MeetingID = id
	return cmd, nil
}

// ParseMeetingID reads a Zoom meeting id the way people paste it: digits,
// optionally grouped with spaces or dashes ("812 3456 7890").
func ParseMeetingID(s string) (int64, bool) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\u00a0' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	if len(s) < 9 || len(s) > 15 {
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, false
	}
	return id, true
}

// FormatMeetingID groups an id the way Zoom shows it: 812 3456 7890.
func FormatMeetingID(id int64) string {
	s := strconv.FormatInt(id, 10)
	switch {
	case len(s) == 11:
		return s[:3] + " " + s[3:7] + " " + s[7:]
	case len(s) == 10:
		return s[:3] + " " + s[3:6] + " " + s[6:]
	case len(s) == 9:
		return s[:3] + " " + s[3:6] + " " + s[6:]
	default:
		return s
	}
}
