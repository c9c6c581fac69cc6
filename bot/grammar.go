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
	VerbMove     Verb = "move"
	VerbEdit     Verb = "edit"
	VerbHelp     Verb = "help"
	VerbPool     Verb = "pool" // admin: the host pool
)

// Command is a parsed /zoom command line.
type Command struct {
	Verb Verb
	// Text is what follows the verb: the time phrase for schedule, the topic
	// for now; for move, the new time (with the meeting's topic words in
	// front when no ID was given); for edit, the topic words.
	Text string
	// MeetingID is the meeting's ID when one was given (cancel needs one;
	// move and edit may name the meeting by topic words instead).
	// Occurrence is the date given with --occurrence, as typed.
	MeetingID  int64
	Occurrence string
	// Implicit is true when the verb was not typed ("/zoom tomorrow 3pm x").
	Implicit bool
	// Unsupported is a command word the bot knows but does not do ("join",
	// "end"): the answer is help, never a meeting called that.
	Unsupported string
}

var verbAliases = map[string]Verb{
	"schedule": VerbSchedule, "sched": VerbSchedule, "new": VerbSchedule, "create": VerbSchedule, "add": VerbSchedule,
	"now": VerbNow, "start": VerbNow, "instant": VerbNow,
	"list": VerbList, "ls": VerbList, "upcoming": VerbList,
	"cancel": VerbCancel, "delete": VerbCancel, "remove": VerbCancel, "rm": VerbCancel,
	"move": VerbMove, "reschedule": VerbMove, "change": VerbMove, "update": VerbMove, "mv": VerbMove,
	"edit": VerbEdit,
	"help": VerbHelp, "-h": VerbHelp, "--help": VerbHelp, "?": VerbHelp,
	"pool": VerbPool,
}

// unsupportedVerbs are command words that never start a topic; the bot
// answers them with help.
var unsupportedVerbs = map[string]bool{"join": true, "end": true, "stop": true}

// ParseCommand splits the text of a /zoom command into its verb and
// arguments. Text whose first word is no command word is read as a schedule
// phrase, so "/zoom tomorrow 3pm standup" works too; a command word never
// becomes a topic. It returns an *Error for a malformed cancel, move or
// edit.
func ParseCommand(text string) (Command, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return Command{Verb: VerbForm}, nil
	}
	first, rest, _ := strings.Cut(text, " ")
	word := strings.ToLower(first)
	if unsupportedVerbs[word] {
		return Command{Verb: VerbHelp, Unsupported: word}, nil
	}
	verb, ok := verbAliases[word]
	if !ok {
		return Command{Verb: VerbSchedule, Text: text, Implicit: true}, nil
	}
	rest = strings.TrimSpace(rest)
	switch verb {
	case VerbCancel:
		return parseCancel(rest)
	case VerbMove, VerbEdit:
		return parseChange(verb, word, rest)
	}
	return Command{Verb: verb, Text: rest}, nil
}

// cutOccurrence takes "--occurrence DATE" out of args.
func cutOccurrence(args string) (rest, occurrence string, found bool) {
	for _, flag := range []string{"--occurrence", "—occurrence", "-occurrence"} {
		i := strings.Index(args, flag)
		if i < 0 {
			continue
		}
		after := strings.TrimPrefix(strings.TrimSpace(args[i+len(flag):]), "=")
		occurrence, tail, _ := strings.Cut(strings.TrimSpace(after), " ")
		return strings.TrimSpace(args[:i] + " " + tail), occurrence, true
	}
	return args, "", false
}

func parseCancel(args string) (Command, error) {
	cmd := Command{Verb: VerbCancel}
	idPart, occ, found := cutOccurrence(args)
	if cmd.Occurrence = occ; found && occ == "" {
		return cmd, userErr("bad_cancel", "Which occurrence? Give its date, for example `/zoom cancel 812 3456 7890 --occurrence 2026-12-07`.")
	}
	id, ok := ParseMeetingID(idPart)
	if !ok {
		return cmd, userErr("bad_cancel", "Which meeting? Give its ID, for example `/zoom cancel 812 3456 7890`. `/zoom list` shows your meetings and their IDs.")
	}
	cmd.MeetingID = id
	return cmd, nil
}

// parseChange reads move and edit: an optional --occurrence, then the
// meeting (its ID, or topic words: the handler finds which meeting), then
// for move the new time.
func parseChange(verb Verb, typed, args string) (Command, error) {
	cmd := Command{Verb: verb}
	args, occ, found := cutOccurrence(args)
	cmd.Occurrence = occ
	example := "`/zoom move 812 3456 7890 to fri 10am` or `/zoom move standup +30m`"
	if verb == VerbEdit {
		example = "`/zoom edit 812 3456 7890` or `/zoom edit standup`"
	}
	if found && occ == "" {
		return cmd, userErr("bad_"+string(verb), "Which occurrence? Give its date after `--occurrence`, for example `/zoom %s 812 3456 7890 --occurrence 2026-12-14`.", typed)
	}
	if args == "" {
		return cmd, userErr("bad_"+string(verb), "Which meeting? For example %s. `/zoom list` shows your meetings and their IDs.", example)
	}
	cmd.MeetingID, cmd.Text = leadingMeetingID(args)
	if verb == VerbMove && strings.TrimSpace(cmd.Text) == "" {
		return cmd, userErr("bad_move", "When should it be? For example %s.", example)
	}
	return cmd, nil
}

// leadingMeetingID reads a meeting ID at the start of s, the way people
// paste it ("813 1033 6928 to 4pm", "81310336928 +30m"), and returns the
// rest. Grouped digits are joined only up to Zoom's 11 digits, so a time
// right after the ID ("… 6928 4 pm") is not taken for part of it.
func leadingMeetingID(s string) (int64, string) {
	words := strings.Fields(s)
	digits, used := "", 0
	for i, w := range words {
		w = strings.ReplaceAll(w, "-", "")
		if w == "" || strings.Trim(w, "0123456789") != "" {
			break
		}
		if i > 0 && len(digits)+len(w) > 11 {
			break
		}
		digits += w
		if _, ok := ParseMeetingID(digits); ok {
			used = i + 1
		}
	}
	if used == 0 {
		return 0, s
	}
	id, _ := ParseMeetingID(strings.ReplaceAll(strings.Join(words[:used], ""), "-", ""))
	return id, strings.Join(words[used:], " ")
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
