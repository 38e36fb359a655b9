package people

// WaitRebuilds waits until the background rebuilds started so far, and any
// they queued, have finished.
func (s *Service) WaitRebuilds() { s.cache.wg.Wait() }

// Anonymise exposes the Open Door k-anonymity step to the tests.
var Anonymise = anonymise
