package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/webhook"
)

// EventDoorEntry is sent to webhooks for every recorded door entry.
const EventDoorEntry = "door.entry"

// EventAlertFired is sent to webhooks for every alert fired.
const EventAlertFired = alert.EventFired

// doorEntryEvent is the data of a door.entry webhook.
type doorEntryEvent struct {
	EntryID   int64     `json:"entry_id"`
	MemberID  *int64    `json:"member_id"`
	DoorID    string    `json:"door_id"`
	Granted   bool      `json:"granted"`
	Reason    string    `json:"reason"`
	Message   string    `json:"message"`
	KeyID     string    `json:"key_id"`
	EnteredAt time.Time `json:"at"`
}

// PublishDoorEntry returns the door service's entry hook: it queues a signed
// door.entry delivery in the webhook outbox. Publishing only writes the
// outbox row; sending happens in the webhook worker.
func PublishDoorEntry(hooks *webhook.Service, log *slog.Logger) func(context.Context, *door.Entry) {
	return func(ctx context.Context, e *door.Entry) {
		ev := doorEntryEvent{EntryID: e.ID, MemberID: e.MemberID, DoorID: e.DoorID, Granted: e.Granted,
			Reason: e.Reason, Message: e.Message, KeyID: e.KeyID, EnteredAt: e.At}
		if err := hooks.Publish(context.WithoutCancel(ctx), e.TenantID, EventDoorEntry, ev); err != nil {
			log.ErrorContext(ctx, "queueing door.entry webhook", "err", err, "entry_id", e.ID)
		}
	}
}
