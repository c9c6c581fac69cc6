package zoom

import (
	"fmt"
	"strings"
	"time"
)

// Zoom's two start_time encodings: UTC with a Z, or wall time without an
// offset that is read in the meeting's timezone.
const (
	utcLayout   = "2006-01-02T15:04:05Z"
	localLayout = "2006-01-02T15:04:05"
)

// formatUTC writes t as Zoom's UTC form; the zero time becomes "" (omitted).
func formatUTC(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(utcLayout)
}

// parseZoomTime reads "" (zero time), an RFC 3339 time, or a local wall
// time interpreted in tz ("" = UTC, since the account's zone is unknown here).
func parseZoomTime(s, tz string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if strings.HasSuffix(s, "Z") || strings.LastIndexAny(s, "+-") > len("2006-01-02") {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return time.Time{}, fmt.Errorf("zoom: bad time %q: %w", s, err)
		}
		return t, nil
	}
	loc := time.UTC
	if tz != "" {
		var err error
		if loc, err = time.LoadLocation(tz); err != nil {
			return time.Time{}, fmt.Errorf("zoom: time %q: unknown timezone %q: %w", s, tz, err)
		}
	}
	t, err := time.ParseInLocation(localLayout, s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("zoom: bad time %q: %w", s, err)
	}
	return t, nil
}
