//go:build race

package redis

// raceEnabled is set when the tests run under the race detector, which
// slows Redis round trips past the request path's 50 ms timeout.
const raceEnabled = true
