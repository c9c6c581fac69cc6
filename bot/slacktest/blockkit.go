package slacktest

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Block Kit limits (https://docs.slack.dev/block-kit; node-slack-sdk types).
const (
	maxMessageBlocks  = 50
	maxViewBlocks     = 100
	maxSectionText    = 3000
	maxSectionFields  = 10
	maxFieldText      = 2000
	maxHeaderText     = 150
	maxActionElements = 25
	maxButtonText     = 75
	maxButtonValue    = 2000
	maxID             = 255
	maxURL            = 3000
	maxModalText      = 24
	maxPrivateMeta    = 3000
	maxLabel          = 2000
	maxPlaceholder    = 150
)

// wire shapes for validation only; unknown fields are ignored.
type textObj struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type element struct {
	Type        string   `json:"type"`
	ActionID    string   `json:"action_id"`
	Text        *textObj `json:"text"`
	Value       string   `json:"value"`
	URL         string   `json:"url"`
	Placeholder *textObj `json:"placeholder"`
}

type block struct {
	Type      string          `json:"type"`
	BlockID   string          `json:"block_id"`
	Text      *textObj        `json:"text"`
	Fields    []textObj       `json:"fields"`
	Accessory *element        `json:"accessory"`
	Elements  json.RawMessage `json:"elements"`
	Element   *element        `json:"element"`
	Label     *textObj        `json:"label"`
	Hint      *textObj        `json:"hint"`
}

type viewObj struct {
	Type            string   `json:"type"`
	Title           *textObj `json:"title"`
	Submit          *textObj `json:"submit"`
	Close           *textObj `json:"close"`
	Blocks          []block  `json:"blocks"`
	PrivateMetadata string   `json:"private_metadata"`
	CallbackID      string   `json:"callback_id"`
	ExternalID      string   `json:"external_id"`
}

// validateMessageBlocks returns "" or the chat.* error code for blocks, with
// a message in Slack's response_metadata style.
func validateMessageBlocks(raw json.RawMessage) (code, detail string) {
	var bs []block
	if err := json.Unmarshal(raw, &bs); err != nil {
		return "invalid_blocks_format", "[ERROR] blocks must be a JSON array of objects"
	}
	if len(bs) > maxMessageBlocks {
		return "invalid_blocks", fmt.Sprintf("[ERROR] no more than %d items allowed [json-pointer:/blocks]", maxMessageBlocks)
	}
	if problem := checkBlocks(bs, "/blocks"); problem != "" {
		return "invalid_blocks", problem
	}
	return "", ""
}

// meta wraps a validation message as Slack's response_metadata.
func meta(detail string) map[string]any {
	if detail == "" {
		return nil
	}
	return map[string]any{"response_metadata": map[string]any{"messages": []string{detail}}}
}

// validateView returns "" or a message in Slack's response_metadata style,
// reported with invalid_arguments.
func validateView(raw json.RawMessage, wantType string) string {
	var v viewObj
	if err := json.Unmarshal(raw, &v); err != nil {
		return "[ERROR] view must be an object [json-pointer:/view]"
	}
	if wantType == "home" && v.Type != "home" {
		return "[ERROR] must be home [json-pointer:/view/type]"
	}
	if wantType == "modal" && v.Type != "modal" {
		return "[ERROR] must be modal [json-pointer:/view/type]"
	}
	if len(v.Blocks) > maxViewBlocks {
		return fmt.Sprintf("[ERROR] no more than %d items allowed [json-pointer:/view/blocks]", maxViewBlocks)
	}
	if v.Type == "modal" {
		if v.Title == nil || v.Title.Text == "" {
			return "[ERROR] missing required field: title [json-pointer:/view]"
		}
		for name, t := range map[string]*textObj{"title": v.Title, "submit": v.Submit, "close": v.Close} {
			if t != nil && runes(t.Text) > maxModalText {
				return fmt.Sprintf("[ERROR] must be less than %d characters [json-pointer:/view/%s/text]", maxModalText+1, name)
			}
		}
		if v.Submit == nil {
			for _, b := range v.Blocks {
				if b.Type == "input" {
					return "[ERROR] must provide a submit property when using input blocks [json-pointer:/view]"
				}
			}
		}
	}
	if runes(v.PrivateMetadata) > maxPrivateMeta {
		return "[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]"
	}
	if runes(v.CallbackID) > maxID || runes(v.ExternalID) > maxID {
		return "[ERROR] must be less than 256 characters [json-pointer:/view/callback_id]"
	}
	return checkBlocks(v.Blocks, "/view/blocks")
}

// checkBlocks applies per-block limits shared by messages and views.
func checkBlocks(bs []block, at string) string {
	for i, b := range bs {
		p := fmt.Sprintf("%s/%d", at, i)
		if b.Type == "" {
			return fmt.Sprintf("[ERROR] missing required field: type [json-pointer:%s]", p)
		}
		if runes(b.BlockID) > maxID {
			return tooLong(maxID, p+"/block_id")
		}
		switch b.Type {
		case "section":
			if b.Text == nil && len(b.Fields) == 0 {
				return fmt.Sprintf("[ERROR] must provide text or fields [json-pointer:%s]", p)
			}
			if b.Text != nil && runes(b.Text.Text) > maxSectionText {
				return tooLong(maxSectionText, p+"/text/text")
			}
			if len(b.Fields) > maxSectionFields {
				return fmt.Sprintf("[ERROR] no more than %d items allowed [json-pointer:%s/fields]", maxSectionFields, p)
			}
			for j, f := range b.Fields {
				if runes(f.Text) > maxFieldText {
					return tooLong(maxFieldText, fmt.Sprintf("%s/fields/%d/text", p, j))
				}
			}
			if b.Accessory != nil {
				if msg := checkElement(*b.Accessory, p+"/accessory"); msg != "" {
					return msg
				}
			}
		case "header":
			if b.Text == nil || runes(b.Text.Text) > maxHeaderText {
				return tooLong(maxHeaderText, p+"/text/text")
			}
		case "actions":
			var els []element
			if err := json.Unmarshal(b.Elements, &els); err != nil || len(els) == 0 {
				return fmt.Sprintf("[ERROR] must provide elements [json-pointer:%s/elements]", p)
			}
			if len(els) > maxActionElements {
				return fmt.Sprintf("[ERROR] no more than %d items allowed [json-pointer:%s/elements]", maxActionElements, p)
			}
			for j, e := range els {
				if msg := checkElement(e, fmt.Sprintf("%s/elements/%d", p, j)); msg != "" {
					return msg
				}
			}
		case "input":
			if b.Label == nil || runes(b.Label.Text) > maxLabel {
				return tooLong(maxLabel, p+"/label/text")
			}
			if b.Hint != nil && runes(b.Hint.Text) > maxLabel {
				return tooLong(maxLabel, p+"/hint/text")
			}
			if b.Element == nil {
				return fmt.Sprintf("[ERROR] missing required field: element [json-pointer:%s]", p)
			}
			if msg := checkElement(*b.Element, p+"/element"); msg != "" {
				return msg
			}
		}
	}
	return ""
}

func checkElement(e element, p string) string {
	if runes(e.ActionID) > maxID {
		return tooLong(maxID, p+"/action_id")
	}
	if e.Placeholder != nil && runes(e.Placeholder.Text) > maxPlaceholder {
		return tooLong(maxPlaceholder, p+"/placeholder/text")
	}
	if e.Type != "button" {
		return ""
	}
	if e.Text == nil || e.Text.Text == "" {
		return fmt.Sprintf("[ERROR] missing required field: text [json-pointer:%s]", p)
	}
	if runes(e.Text.Text) > maxButtonText {
		return tooLong(maxButtonText, p+"/text/text")
	}
	if runes(e.Value) > maxButtonValue {
		return tooLong(maxButtonValue, p+"/value")
	}
	if runes(e.URL) > maxURL {
		return tooLong(maxURL, p+"/url")
	}
	return ""
}

func tooLong(limit int, pointer string) string {
	return fmt.Sprintf("[ERROR] must be less than %d characters [json-pointer:%s]", limit+1, pointer)
}

// runes counts characters as Slack does, not bytes.
func runes(s string) int { return utf8.RuneCountInString(s) }
