// Package zoomtest is an in-memory fake of Zoom's REST API and OAuth token
// endpoint that answers with Zoom's JSON and Zoom's error codes. Its zero
// value works. Tests and the offline sandbox use it.
//
// It keeps its own wire types (sharing package zoom's would let a wrong JSON
// tag pass on both sides) and must not import zoom (except in tests), bot,
// storage or testing.
package zoomtest
