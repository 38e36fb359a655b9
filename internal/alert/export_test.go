package alert

import "context"

// Drain handles every queued record, as Run does, and returns how many.
func (e *Engine) Drain(ctx context.Context) int { return e.drain(ctx) }

// Tick runs the once-a-minute work of Run.
func (e *Engine) Tick(ctx context.Context) { e.tick(ctx) }
