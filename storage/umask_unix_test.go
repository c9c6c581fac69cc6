//go:build unix

package storage_test

import "syscall"

// setUmask sets the process umask and returns the old one. Only the file
// mode test uses it, and no test in this package runs in parallel with it.
func setUmask(m int) int { return syscall.Umask(m) }
