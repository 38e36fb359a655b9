package manage

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// maxLeakURL caps the url of a leak report, which ends up in the tenant's
// alert and audit trail.
const maxLeakURL = 2048

// leakReceipt is the one answer to every accepted leak report.
var leakReceipt = api.LeakReceipt{Status: "received",
	Message: "Thank you. If this is a live Hive key, it has been revoked and its owner alerted."}

// reportLeakedKey handles "POST /v1/leaked-keys/report": anyone who finds a
// Hive key in public reports it here. A live key is revoked and its tenant
// alerted. The answer is the same whatever the key was, and every report
// counts against the address's budget of bad keys, so the endpoint tells
// nothing about a key.
func (s *API) reportLeakedKey(w http.ResponseWriter, r *http.Request) error {
	var req api.LeakReport
	if err := edge.DecodeLimit(w, r, &req, 16<<10); err != nil {
		return err
	}
	if req.Key == "" {
		return hive.FieldError("key", "is required: the Hive key you found, whole (hive_sk_... or hive_pk_...)")
	}
	if err := validLeakURL(req.URL); err != nil {
		return err
	}
	where := apikey.Leak{Source: apikey.LeakSourceReport, URL: req.URL}
	if err := s.keys.ReportLeaked(r.Context(), req.Key, where, hive.ClientIP(r.Context())); err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusAccepted, leakReceipt)
}

func validLeakURL(raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(raw) > maxLeakURL {
		return hive.FieldError("url", "must be the http(s) address where the key was found, at most %d characters", maxLeakURL)
	}
	return nil
}

// githubSecretScanning handles "POST /v1/secret-scanning/github", GitHub's
// secret-scanning partner callback. The body must carry GitHub's signature;
// each Hive key in it is revoked as leaked and labelled true_positive,
// anything else false_positive. A payload seen before gets the answer it
// got then.
func (s *API) githubSecretScanning(w http.ResponseWriter, r *http.Request) error {
	if s.github == nil {
		return hive.Errorf(hive.ENOTFOUND, "GitHub secret scanning is not enabled on this server; the operator sets HIVE_GITHUB_SECRET_SCANNING_KEYS")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, edge.MaxBodyBytes))
	if err != nil {
		return edge.DecodeError(err)
	}
	if err := s.github.Verify(r.Header.Get("GITHUB-PUBLIC-KEY-IDENTIFIER"), r.Header.Get("GITHUB-PUBLIC-KEY-SIGNATURE"), body); err != nil {
		return err
	}
	if answer, ok := s.replays.Answer(body); ok {
		return writeRaw(w, answer)
	}
	var alerts []api.GitHubTokenAlert
	if err := json.NewDecoder(bytes.NewReader(body)).Decode(&alerts); err != nil {
		return edge.DecodeError(err)
	}
	labels := make([]api.GitHubTokenLabel, 0, len(alerts))
	for _, a := range alerts {
		res, err := s.keys.RevokeLeaked(r.Context(), a.Token,
			apikey.Leak{Source: apikey.LeakSourceGitHub, Location: a.Source, URL: a.URL})
		if err != nil {
			return err // nothing remembered: GitHub retries, and revocation is idempotent
		}
		labels = append(labels, githubLabel(a, res.Known))
	}
	answer, _ := json.Marshal(labels)
	s.replays.Remember(body, answer)
	return writeRaw(w, answer)
}

func githubLabel(a api.GitHubTokenAlert, known bool) api.GitHubTokenLabel {
	sum := sha256.Sum256([]byte(a.Token))
	l := api.GitHubTokenLabel{TokenHash: hex.EncodeToString(sum[:]), TokenType: a.Type, Label: "false_positive"}
	if known {
		l.Label = "true_positive"
	}
	return l
}

// writeRaw writes an encoded JSON body with 200.
func writeRaw(w http.ResponseWriter, body []byte) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err := w.Write(body)
	return err
}
