package people

// WaitRebuilds waits until the background rebuilds started so far, and any
// they queued, have finished.
func (s *Service) WaitRebuilds() { s.cache.wg.Wait() }
