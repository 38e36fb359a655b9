// Package secretscan checks reports of leaked secrets from scanning
// partners: the signature GitHub's secret scanning puts on its alerts, and
// a memory of payloads already handled, so a replay changes nothing.
//
// GitHub signs each alert body with ECDSA P-256 over SHA-256 and names the
// key in GITHUB-PUBLIC-KEY-IDENTIFIER. GitHub publishes its keys at
// https://api.github.com/meta/public_keys/secret_scanning; Hive makes no
// outbound calls, so the operator saves that document to a file and points
// HIVE_GITHUB_SECRET_SCANNING_KEYS at it, refreshing it when GitHub rotates.
package secretscan

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"

	"github.com/hive-platform/hive/internal/hive"
)

// ReasonSignatureInvalid is the 401 reason of an alert whose signature does
// not verify.
const ReasonSignatureInvalid = "signature_invalid"

// GitHubKeys are the public keys GitHub signs secret-scanning alerts with,
// by identifier.
type GitHubKeys struct {
	keys map[string]*ecdsa.PublicKey
}

// githubKeysDoc is GitHub's document of its secret-scanning keys.
type githubKeysDoc struct {
	PublicKeys []struct {
		KeyIdentifier string `json:"key_identifier"`
		Key           string `json:"key"`
		IsCurrent     bool   `json:"is_current"`
	} `json:"public_keys"`
}

// LoadGitHubKeys reads GitHub's key document from path.
func LoadGitHubKeys(path string) (*GitHubKeys, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	k, err := ParseGitHubKeys(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// ParseGitHubKeys parses GitHub's key document,
// {"public_keys":[{"key_identifier","key","is_current"}]}. Every key is
// kept, current or not: GitHub may still sign with a key it is retiring.
func ParseGitHubKeys(doc []byte) (*GitHubKeys, error) {
	var d githubKeysDoc
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, fmt.Errorf("not GitHub's public key document: %w", err)
	}
	if len(d.PublicKeys) == 0 {
		return nil, fmt.Errorf(`no keys: expected {"public_keys":[{"key_identifier":...,"key":"-----BEGIN PUBLIC KEY-----..."}]}`)
	}
	k := &GitHubKeys{keys: map[string]*ecdsa.PublicKey{}}
	for i, pk := range d.PublicKeys {
		pub, err := parseECDSA(pk.Key)
		if err != nil {
			return nil, fmt.Errorf("public_keys[%d] (%s): %w", i, pk.KeyIdentifier, err)
		}
		if pk.KeyIdentifier == "" {
			return nil, fmt.Errorf("public_keys[%d]: key_identifier is empty", i)
		}
		k.keys[pk.KeyIdentifier] = pub
	}
	return k, nil
}

func parseECDSA(pemText string) (*ecdsa.PublicKey, error) {
	block, _ := pem.Decode([]byte(pemText))
	if block == nil {
		return nil, fmt.Errorf("key is not a PEM block")
	}
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, err
	}
	ec, ok := pub.(*ecdsa.PublicKey)
	if !ok || ec.Curve != elliptic.P256() {
		return nil, fmt.Errorf("key is not an ECDSA P-256 key")
	}
	return ec, nil
}

// Verify checks that sig (base64 of an ASN.1 ECDSA signature, as sent in
// GITHUB-PUBLIC-KEY-SIGNATURE) signs body with the key named id. The error
// is a 401 saying what was wrong.
func (k *GitHubKeys) Verify(id, sig string, body []byte) error {
	if id == "" || sig == "" {
		return hive.Unauthorized(ReasonSignatureInvalid,
			"Send the GITHUB-PUBLIC-KEY-IDENTIFIER and GITHUB-PUBLIC-KEY-SIGNATURE headers GitHub signs secret-scanning alerts with.")
	}
	pub, ok := k.keys[id]
	if !ok {
		return hive.Unauthorized(ReasonSignatureInvalid,
			"GITHUB-PUBLIC-KEY-IDENTIFIER names a key this server does not have; the operator refreshes HIVE_GITHUB_SECRET_SCANNING_KEYS from GitHub.")
	}
	der, err := base64.StdEncoding.DecodeString(sig)
	digest := sha256.Sum256(body)
	if err != nil || !ecdsa.VerifyASN1(pub, digest[:], der) {
		return hive.Unauthorized(ReasonSignatureInvalid, "GITHUB-PUBLIC-KEY-SIGNATURE does not verify the request body.")
	}
	return nil
}
