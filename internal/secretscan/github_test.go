package secretscan_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/secretscan"
)

// keyDoc returns GitHub's key document holding pub under id.
func keyDoc(tb testing.TB, id string, pub any) []byte {
	tb.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		tb.Fatal(err)
	}
	pemText := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	doc, _ := json.Marshal(map[string]any{"public_keys": []map[string]any{
		{"key_identifier": id, "key": string(pemText), "is_current": true}}})
	return doc
}

// sign signs body the way GitHub does: ECDSA over SHA-256, ASN.1, base64.
func sign(tb testing.TB, priv *ecdsa.PrivateKey, body []byte) string {
	tb.Helper()
	d := sha256.Sum256(body)
	sig, err := ecdsa.SignASN1(rand.Reader, priv, d[:])
	if err != nil {
		tb.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(sig)
}

func TestGitHubSignature(t *testing.T) {
	priv, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	keys, err := secretscan.ParseGitHubKeys(keyDoc(t, "kid1", &priv.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`[{"token":"hive_sk_x","type":"hive_service_account_key","url":"https://github.com/o/r","source":"content"}]`)
	if err := keys.Verify("kid1", sign(t, priv, body), body); err != nil {
		t.Fatalf("GitHub's signature: %v", err)
	}
	for name, c := range map[string]struct{ id, sig, body string }{
		"changed body":      {"kid1", sign(t, priv, body), string(body) + " "},
		"another key":       {"kid1", sign(t, other, body), string(body)},
		"unknown key id":    {"kid2", sign(t, priv, body), string(body)},
		"no signature":      {"kid1", "", string(body)},
		"signature not b64": {"kid1", "%%%", string(body)},
	} {
		t.Run(name, func(t *testing.T) {
			err := keys.Verify(c.id, c.sig, []byte(c.body))
			if reason, _ := hive.ErrorDetails(err)["reason"].(string); hive.ErrorCode(err) != hive.EUNAUTHORIZED || reason != secretscan.ReasonSignatureInvalid {
				t.Errorf("Verify = %v, want 401 %s", err, secretscan.ReasonSignatureInvalid)
			}
		})
	}
}

func TestParseGitHubKeysRefusesOtherKeys(t *testing.T) {
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	for name, doc := range map[string][]byte{
		"P-384 key": keyDoc(t, "k", &p384.PublicKey),
		"no keys":   []byte(`{"public_keys":[]}`),
		"not json":  []byte(`-----BEGIN PUBLIC KEY-----`),
		"not pem":   []byte(`{"public_keys":[{"key_identifier":"k","key":"abc"}]}`),
	} {
		if _, err := secretscan.ParseGitHubKeys(doc); err == nil {
			t.Errorf("%s: parsed, want an error", name)
		}
	}
}

func TestReplaysRememberForTheWindow(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	r := secretscan.NewReplays(time.Hour, 2, func() time.Time { return now })
	r.Remember([]byte("a"), []byte("A"))
	if got, ok := r.Answer([]byte("a")); !ok || string(got) != "A" {
		t.Fatalf("Answer(a) = %q, %v; want A", got, ok)
	}
	if _, ok := r.Answer([]byte("b")); ok {
		t.Fatal("Answer(b) found an answer never given")
	}
	r.Remember([]byte("b"), []byte("B"))
	r.Remember([]byte("c"), []byte("C")) // full: the oldest, a, goes
	if _, ok := r.Answer([]byte("a")); ok {
		t.Error("the oldest answer outlived a full memory")
	}
	now = now.Add(time.Hour)
	if _, ok := r.Answer([]byte("c")); ok {
		t.Error("an answer outlived its window")
	}
}
