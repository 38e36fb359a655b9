package webhook_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/hive-platform/hive/webhook"
)

// A receiver checks the signature over the raw body before it trusts or
// parses anything in the request.
func Example() {
	const secret = "whsec_shown-once-when-the-endpoint-was-created"
	receiver := func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		if err := webhook.Verify(secret, r.Header.Get(webhook.HeaderSignature), body, time.Now(), webhook.DefaultTolerance); err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		fmt.Printf("accepted %s %s: %s\n", r.Header.Get(webhook.HeaderEvent), r.Header.Get(webhook.HeaderDeliveryID), body)
	}

	// What Hive sends: a delivery signed with the endpoint's secret.
	body := `{"event":"door.entry","data":{"granted":true}}`
	deliver := func(signedWith string, sentAt time.Time) int {
		req := httptest.NewRequest(http.MethodPost, "/hooks/hive", strings.NewReader(body))
		req.Header.Set(webhook.HeaderEvent, "door.entry")
		req.Header.Set(webhook.HeaderDeliveryID, "whd_01")
		req.Header.Set(webhook.HeaderSignature, webhook.Sign(signedWith, sentAt, []byte(body)))
		rec := httptest.NewRecorder()
		receiver(rec, req)
		return rec.Code
	}
	fmt.Println("genuine:", deliver(secret, time.Now()))
	fmt.Println("forged:", deliver("whsec_guessed", time.Now()))
	fmt.Println("replayed an hour later:", deliver(secret, time.Now().Add(-time.Hour)))
	// Output:
	// accepted door.entry whd_01: {"event":"door.entry","data":{"granted":true}}
	// genuine: 200
	// forged: 401
	// replayed an hour later: 401
}
