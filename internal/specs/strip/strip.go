// Command strip removes the vendors' prose from a published API document
// (an OpenAPI file or a JSON Schema) and keeps its structure: paths, methods,
// parameters, schemas, enums, formats, required fields and limits. It is how
// the documents in internal/specs are refreshed:
//
//	go run ./internal/specs/strip -o internal/specs/zoom-meeting-api.openapi.json ~/Downloads/ZoomMeetingAPISpec.json
//
// Without -o it writes to standard output. The output is indented JSON with
// sorted keys, so a refresh shows as a readable diff. Faults in the published
// documents are kept as they are: the tests patch them in memory, and they
// must still find them.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "strip:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("strip", flag.ContinueOnError)
	out := fs.String("o", "", "write to this file instead of standard output")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: strip [-o out.json] <published.json>")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("want one input file, got %d", fs.NArg())
	}
	raw, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	stripped, err := Strip(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	if *out == "" {
		_, err = stdout.Write(stripped)
		return err
	}
	return os.WriteFile(*out, stripped, 0o644)
}

// Strip returns doc without its prose, as indented JSON with sorted keys.
func Strip(doc []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	// Numbers stay as written: limits such as maximum 9999999999 must not
	// pass through float64.
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	tree = strip(tree, "", false)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(tree); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// prose are the keys that only document. description, summary and title
// go only when they hold text: a schema property may be named "description"
// (Zoom's meeting has one), and then its value is a schema to keep.
var prose = map[string]func(v any) bool{
	"description":         isString,
	"summary":             isString,
	"title":               isString,
	"example":             always,
	"examples":            always,
	"x-examples":          always,
	"x-enum-descriptions": always,
	"x-code-samples":      always,
	"x-codeSamples":       always,
	"externalDocs":        always,
	"termsOfService":      isString,
}

// namesMaps are the keys whose object's keys are names (of properties,
// paths, status codes, media types …), not keywords: nothing below them is
// dropped by name, so a property called "example" stays.
var namesMaps = map[string]bool{
	"properties": true, "patternProperties": true, "definitions": true, "$defs": true,
	"dependencies": true, "paths": true, "responses": true, "content": true, "headers": true,
	"schemas": true, "parameters": true, "requestBodies": true, "securitySchemes": true,
	"securityDefinitions": true, "callbacks": true, "links": true, "encoding": true,
	"variables": true, "scopes": true, "mapping": true,
}

// responseObject stands for the parent key of a response object, whose real
// key is a status code.
const responseObject = "\x00response"

// strip walks v, the value of key parent; names says that v's keys are
// names rather than keywords.
func strip(v any, parent string, names bool) any {
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			if !names && dropped(parent, k, child) {
				delete(v, k)
				continue
			}
			childParent := k
			if names && parent == "responses" {
				childParent = responseObject
			}
			v[k] = strip(child, childParent, !names && namesMaps[k])
		}
		if _, has := v["description"].(string); has && parent == responseObject {
			// OpenAPI and Swagger both require a response's description,
			// and a strict loader refuses a response without one.
			v["description"] = ""
		}
		return v
	case []any:
		for i, child := range v {
			v[i] = strip(child, parent, false)
		}
		return v
	default:
		return v
	}
}

func dropped(parent, key string, v any) bool {
	switch {
	case parent == "info" && (key == "title" || key == "version"):
		return false // required by OpenAPI, and the specs README quotes the version
	case parent == responseObject && key == "description":
		return false // blanked instead
	}
	drop, ok := prose[key]
	return ok && drop(v)
}

func isString(v any) bool { _, ok := v.(string); return ok }
func always(any) bool     { return true }
