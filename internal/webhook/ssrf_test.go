package webhook_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/webhook"
)

func TestEndpointURLToAPrivateAddressIs400(t *testing.T) {
	svc := webhook.NewService(newFixture(t, webhook.Config{}).store, webhook.Config{Events: events})
	p := &hive.Principal{TenantID: "ten_x"}
	for _, u := range []string{
		"http://127.0.0.1:8080/hook", "https://127.0.0.1/hook", "https://localhost/hook", "https://api.localhost/x",
		"https://[::1]/x", "https://[::ffff:127.0.0.1]:6379/", "https://169.254.169.254/latest/meta-data/",
		"https://10.0.0.8/x", "https://192.168.1.1/", "https://100.64.0.1/", "https://[fd00::1]/", "https://[fe80::1%25eth0]/",
		"https://0.0.0.0/", "https://224.0.0.1/", "http://hooks.example/x", "ftp://hooks.example/x",
	} {
		_, _, err := svc.CreateEndpoint(context.Background(), p, webhook.EndpointParams{URL: u, Events: []string{"door.entry"}})
		if hive.ErrorCode(err) != hive.EINVALID || !strings.Contains(hive.ErrorMessage(err), "url") {
			t.Errorf("CreateEndpoint(%s) = %v, want a 400 about the url", u, err)
		}
	}
	if _, _, err := svc.CreateEndpoint(context.Background(), p, webhook.EndpointParams{URL: "https://hooks.example/x", Events: []string{"door.entry"}}); err != nil {
		t.Errorf("a public https URL is refused: %v", err)
	}
}

// TestDeliveryToAPrivateAddressIsRefusedAtConnect registers a receiver on
// 127.0.0.1 through a service that allows it, then delivers with one that
// does not: the connection is refused after resolution (as it would be for
// a public name rebound to 127.0.0.1), the receiver gets nothing, the tenant
// sees a generic failure and the operator log says why.
func TestDeliveryToAPrivateAddressIsRefusedAtConnect(t *testing.T) {
	rcv := newReceiver(t, 200)
	f := newFixture(t, webhook.Config{})
	port := rcv.URL[strings.LastIndexByte(rcv.URL, ':'):]
	for _, u := range []string{rcv.URL, "http://localhost" + port, "http://[::ffff:127.0.0.1]" + port} {
		f.createEndpoint(f.a, u, "door.entry")
	}
	var logs bytes.Buffer
	strict := webhook.NewService(f.store, webhook.Config{Now: f.clock.Now, Events: events,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err := strict.Publish(f.ctx, f.a.TenantID, "door.entry", entryPayload{}); err != nil {
		t.Fatal(err)
	}
	if _, err := strict.DeliverDue(f.ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(rcv.requests()); n != 0 {
		t.Fatalf("the receiver on 127.0.0.1 got %d requests", n)
	}
	ds, _, err := f.svc.ListDeliveries(f.ctx, f.a, webhook.DeliveryFilter{Page: webhook.Page{Limit: 10}})
	if err != nil || len(ds) != 3 {
		t.Fatalf("deliveries = %d, %v", len(ds), err)
	}
	for _, d := range ds {
		if d.LastStatusCode != 0 || !strings.HasPrefix(d.LastError, "no HTTP response") || strings.Contains(d.LastError, "127.0.0.1") {
			t.Errorf("delivery = %+v, want a generic failure", d)
		}
	}
	if !strings.Contains(logs.String(), "not a public address") {
		t.Errorf("the operator log does not say the address was refused:\n%s", logs.String())
	}

	// The sender on its own refuses too, whatever the URL's form.
	for _, u := range []string{rcv.URL, "http://localhost" + port, "http://[::ffff:127.0.0.1]" + port} {
		if _, err := webhook.NewHTTPSender().Send(f.ctx, u, http.Header{}, nil); err == nil || !strings.Contains(err.Error(), "not a public address") {
			t.Errorf("Send(%s) = %v, want refused", u, err)
		}
	}
	if st, err := webhook.NewHTTPSender(netip.MustParsePrefix("127.0.0.0/8")).Send(f.ctx, rcv.URL, http.Header{}, nil); err != nil || st != 200 {
		t.Errorf("Send with 127.0.0.0/8 allowed = %d, %v", st, err)
	}
}
