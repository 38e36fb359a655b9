package app

import (
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/redis"
	"github.com/hive-platform/hive/internal/secretscan"
	"github.com/hive-platform/hive/internal/usage"
)

// DefaultSQLitePath is where the embedded database lives unless told otherwise.
const DefaultSQLitePath = "./hive-data/hive.db"

// DefaultSpoolDir is where API log batches wait while PostgreSQL is
// unavailable, unless HIVE_API_LOG_SPOOL_DIR says otherwise. On SQLite the
// spool is beside the database file.
const DefaultSpoolDir = "./hive-data/apilog-spool"

// Config is everything that varies between deployments.
type Config struct {
	Addr        string // listen address
	DatabaseURL string // postgres://... or a SQLite file path (sqlite:// prefix optional)
	RedisURL    string // redis://...: global rate limits and cache invalidation between nodes; empty for one node
	// RedisTimeout bounds each Redis call on the request path; past it the
	// request is counted on the node's own limiter (default 50ms).
	RedisTimeout     time.Duration
	TrustedProxies   []netip.Prefix // whose X-Forwarded-For is believed
	DefaultRateLimit int            // requests per minute per key
	LogLevel         slog.Level
	// RequestLog, when set, is the writer under the logger's text handler:
	// the API writes each request's line to it directly, in the same
	// format, rather than through the logger (see httpapi.Config).
	RequestLog io.Writer
	// MetricsToken, when set, is the bearer token GET /metrics requires;
	// without it the metrics are open to whoever reaches the port.
	MetricsToken string
	// GitLabToken authenticates GitLab's Token Revocation API calls
	// (HIVE_GITLAB_REVOCATION_TOKEN); empty turns those endpoints off.
	GitLabToken string
	// GitHubKeys verify GitHub's secret-scanning alerts, read from the file
	// HIVE_GITHUB_SECRET_SCANNING_KEYS names; nil turns the endpoint off.
	GitHubKeys *secretscan.GitHubKeys
	// APILog bounds the API log's queue and sets how often it is written;
	// zero values take the defaults.
	APILog usage.RecorderConfig
	// WebhookAllowNetworks are non-public ranges webhook deliveries may
	// reach (loopback, private, link-local...), which are otherwise refused.
	WebhookAllowNetworks []netip.Prefix
}

// DefaultConfig returns the configuration of a single-node install.
func DefaultConfig() Config {
	return Config{Addr: "127.0.0.1:8080", DatabaseURL: DefaultSQLitePath, DefaultRateLimit: 200}
}

// FromEnv overlays HIVE_* environment variables on c, naming the variable in
// any error.
func (c Config) FromEnv(getenv func(string) string) (Config, error) {
	if v := getenv("HIVE_ADDR"); v != "" {
		c.Addr = v
	}
	if v := getenv("HIVE_DATABASE_URL"); v != "" {
		c.DatabaseURL = v
	}
	if v := getenv("HIVE_REDIS_URL"); v != "" {
		if _, err := redis.ParseURL(v); err != nil {
			return c, fmt.Errorf("HIVE_REDIS_URL: not a Redis URL such as redis://host:6379/0: %v", err)
		}
		c.RedisURL = v
	}
	if v := getenv("HIVE_TRUSTED_PROXIES"); v != "" {
		ps, err := parsePrefixes("HIVE_TRUSTED_PROXIES", v)
		if err != nil {
			return c, err
		}
		c.TrustedProxies = ps
	}
	if v := getenv("HIVE_WEBHOOK_ALLOW_CIDRS"); v != "" {
		ps, err := parsePrefixes("HIVE_WEBHOOK_ALLOW_CIDRS", v)
		if err != nil {
			return c, err
		}
		c.WebhookAllowNetworks = ps
	}
	if v := getenv("HIVE_DEFAULT_RATE_LIMIT"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return c, fmt.Errorf("HIVE_DEFAULT_RATE_LIMIT: %q must be a positive whole number of requests per minute", v)
		}
		c.DefaultRateLimit = n
	}
	if v := getenv("HIVE_METRICS_TOKEN"); v != "" {
		if len(v) < 16 {
			return c, fmt.Errorf("HIVE_METRICS_TOKEN: use at least 16 characters (e.g. the output of openssl rand -hex 16)")
		}
		c.MetricsToken = v
	}
	if v := getenv("HIVE_GITLAB_REVOCATION_TOKEN"); v != "" {
		if len(v) < 16 {
			return c, fmt.Errorf("HIVE_GITLAB_REVOCATION_TOKEN: use at least 16 characters (e.g. the output of openssl rand -hex 16)")
		}
		c.GitLabToken = v
	}
	if v := getenv("HIVE_GITHUB_SECRET_SCANNING_KEYS"); v != "" {
		k, err := secretscan.LoadGitHubKeys(v)
		if err != nil {
			return c, fmt.Errorf("HIVE_GITHUB_SECRET_SCANNING_KEYS: save GitHub's key document (https://api.github.com/meta/public_keys/secret_scanning) to a file and name it here: %v", err)
		}
		c.GitHubKeys = k
	}
	if v := getenv("HIVE_API_LOG_SPOOL_DIR"); v != "" {
		c.APILog.SpoolDir = v
	}
	if v := getenv("HIVE_API_LOG_SPOOL_MAX_MB"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return c, fmt.Errorf("HIVE_API_LOG_SPOOL_MAX_MB: %q must be a positive whole number of megabytes", v)
		}
		c.APILog.SpoolMaxBytes = int64(n) << 20
	}
	if v := getenv("HIVE_API_LOG_SAMPLED_PER_MINUTE"); v != "" {
		n, err := strconv.Atoi(v)
		if v == "all" {
			n, err = -1, nil
		}
		if err != nil || n == 0 || n < -1 {
			return c, fmt.Errorf("HIVE_API_LOG_SAMPLED_PER_MINUTE: %q must be a positive number of refused requests to store per address and minute, or all", v)
		}
		c.APILog.SampledPerMinute = n
	}
	if v := getenv("HIVE_LOG_LEVEL"); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			return c, fmt.Errorf("HIVE_LOG_LEVEL: %q must be debug, info, warn or error", v)
		}
	}
	return c, nil
}

// parsePrefixes reads a comma-separated list of CIDR ranges, naming the
// variable in any error.
func parsePrefixes(name, v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range strings.Split(v, ",") {
		p, err := netip.ParsePrefix(strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("%s: %q is not a CIDR range such as 10.0.0.0/8", name, s)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// isPostgres reports whether url names a PostgreSQL database.
func isPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// spoolDir is where the API log spools: the configured directory, or
// beside a SQLite database, or DefaultSpoolDir.
func (c Config) spoolDir() string {
	switch {
	case c.APILog.SpoolDir != "":
		return c.APILog.SpoolDir
	case isPostgres(c.DatabaseURL):
		return DefaultSpoolDir
	}
	path := strings.TrimPrefix(strings.TrimPrefix(c.DatabaseURL, "sqlite://"), "file:")
	return filepath.Join(filepath.Dir(path), "apilog-spool")
}
