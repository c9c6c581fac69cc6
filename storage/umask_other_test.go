//go:build !unix

package storage_test

func setUmask(m int) int { return 0 }
