package main

import (
	"context"
	"errors"
	"io"
)

// runParse is replaced by the timeparse work.
func runParse(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("parse: not implemented yet")
}
