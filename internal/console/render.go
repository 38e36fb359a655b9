package console

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

// view is what every template gets: the layout's parts, and the page's own
// Data.
type view struct {
	Title  string
	Active string // the nav path to highlight
	Visit  *visit
	Nav    []navItem
	Flash  string
	Error  string            // a message for the whole form or page
	Errors map[string]string // messages by field name, shown next to the field
	Secret *shownSecret      // a secret to show once, in a dialog
	Data   any
	Now    time.Time
}

// shownSecret is a secret the page shows once. ReplaceURL is the page's
// own address, which the browser's history gets instead of the POST's, so
// that reloading fetches a page without the secret.
type shownSecret struct {
	Title      string
	Label      string
	Value      string
	Warning    string
	Extra      string // e.g. the User ID to copy beside a personal key
	ReplaceURL string
}

// keyWarning is the warning shown beside a new key.
const keyWarning = "API keys are shown only once at creation. If you navigate away without copying it, you will need to generate a new one. Store your key in a password manager or secure vault before closing the window."

// parsePages parses the layout and the shared partials with each page
// template, one set per page.
func parsePages() (map[string]*template.Template, error) {
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := make(map[string]*template.Template, len(files))
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || name == "partials" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, f)
		if err != nil {
			return nil, fmt.Errorf("console: template %s: %w", f, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// render writes page with v in the layout. Rendering goes to a buffer
// first, so a template error becomes an error page rather than half a page.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, page string, v *view) {
	v.Now = c.now()
	if v.Visit != nil {
		for _, n := range nav {
			if n.Scope == "" || v.Visit.Principal.Permissions.Has(n.Scope) {
				v.Nav = append(v.Nav, n)
			}
		}
	}
	var buf bytes.Buffer
	if err := c.pages[page].ExecuteTemplate(&buf, "layout.html", v); err != nil {
		c.log.Error("console template", "page", page, "err", err)
		http.Error(w, "The page could not be shown.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderError shows err on an error page with the status its code maps to.
func (c *Console) renderError(w http.ResponseWriter, r *http.Request, v *visit, err error) {
	status := statusOf(err)
	if status >= 500 {
		c.log.Error("console", "path", r.URL.Path, "err", err)
	}
	c.render(w, r, status, "error", &view{Title: http.StatusText(status), Visit: v,
		Error: hive.ErrorMessage(err), Data: status})
}

// statusOf is the HTTP status that answers err.
func statusOf(err error) int { return hive.HTTPStatus(hive.ErrorCode(err)) }

// formError puts a domain error on v: next to the field it names when it
// names one, above the form otherwise. It returns the status to answer
// with, or the error itself when it is not the user's to fix.
func formError(v *view, err error) (int, error) {
	switch hive.ErrorCode(err) {
	case hive.EINVALID, hive.ECONFLICT, hive.EFORBIDDEN:
	default:
		return 0, err
	}
	field, _ := hive.ErrorDetails(err)["field"].(string)
	problem, _ := hive.ErrorDetails(err)["problem"].(string)
	if field == "" || problem == "" {
		v.Error = hive.ErrorMessage(err)
		return statusOf(err), nil
	}
	// "ip_allowlist[2]" and "resources.doors[0]" belong to one input each.
	if i := strings.IndexAny(field, "[."); i > 0 {
		problem = field + ": " + problem
		field = field[:i]
	}
	v.Errors = map[string]string{field: problem}
	v.Error = "Fix the field marked below and try again."
	return statusOf(err), nil
}

const flashCookie = "hive_flash"

// setFlash leaves a message for the next page the browser shows.
func setFlash(w http.ResponseWriter, r *http.Request, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(msg), Path: "/console",
		HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 60, Secure: r.TLS != nil})
}

// takeFlash returns the waiting message and clears it.
func takeFlash(w http.ResponseWriter, r *http.Request) string {
	ck, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/console", MaxAge: -1, HttpOnly: true})
	msg, _ := url.QueryUnescape(ck.Value)
	return msg
}

// newView starts the view of a signed-in page.
func newView(w http.ResponseWriter, r *http.Request, v *visit, title, active string) *view {
	return &view{Title: title, Active: active, Visit: v, Flash: takeFlash(w, r)}
}

// redirect sends the browser to a GET page after a POST, with a message.
func redirect(w http.ResponseWriter, r *http.Request, to, flash string) error {
	if flash != "" {
		setFlash(w, r, flash)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// expiringSoon is how near an expiry must be to be shown as a warning.
const expiringSoon = 14 * 24 * time.Hour

var funcs = template.FuncMap{
	"datetime": fmtTime,
	// when is t relative to now, with the exact time on hover; whenOr
	// says what stands for no time.
	"when":    func(now time.Time, t any) template.HTML { return timeTag(now, t, "—") },
	"whenOr":  func(now time.Time, t any, none string) template.HTML { return timeTag(now, t, none) },
	"docsFor": docsAnchor,
	"date":    func(t time.Time) string { return t.UTC().Format("2006-01-02") },
	"status":  func(k *apikey.Key, now time.Time) string { return string(k.Status(now)) },
	"expiresSoon": func(k *apikey.Key, now time.Time) bool {
		return k.Status(now) == apikey.StatusActive && k.ExpiresAt != nil && k.ExpiresAt.Sub(now) < expiringSoon
	},
	"has": func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	},
	"active": func(v *view, path string) bool { return v.Active == path },
	"presetScopes": func(name string) string {
		scopes, _ := hive.PresetScopes(name)
		return strings.Join(hive.NewScopes(scopes...).Strings(), " ")
	},
	"keyTable": func(rows []*keyRow, now time.Time, accountID string) keyTable {
		return keyTable{Rows: rows, Now: now, AccountID: accountID}
	},
	"initials": initials,
	"seconds":  func(d time.Duration) int { return int(d / time.Second) },
	"clock":    func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") },
	"millis": func(d time.Duration) string {
		return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', -1, 64) + " ms"
	},
	"statusClass": statusClass,
	"percent":     percent,
	"sum":         func(a, b int64) int64 { return a + b },
	"eventLabel":  eventLabel,
	"presetLabel": func(name string) string { return presetLabels[name] },
	// keyPreset names the preset a key's scopes equal, "" for custom ones.
	"keyPreset": func(scopes []hive.Scope) string {
		name, _ := hive.PresetOf(hive.NewScopes(scopes...))
		return presetLabels[name]
	},
}

// statusClass is the badge style of an HTTP status.
func statusClass(status int) string {
	switch {
	case status >= 500:
		return "bad"
	case status >= 400:
		return "warn"
	}
	return "ok"
}

// percent is n of total as a whole percentage, "0%" of nothing.
func percent(n, total int64) string {
	if total == 0 {
		return "0%"
	}
	return strconv.FormatInt((n*100+total/2)/total, 10) + "%"
}

// fmtTime shows an optional time in UTC to the minute.
func fmtTime(t *time.Time) string {
	if t == nil {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

var presetLabels = map[string]string{hive.PresetData: "Data", hive.PresetReadOnly: "Read-only", hive.PresetReadWrite: "Read/Write", hive.PresetFullAccess: "Full access"}

// initials are up to two letters for the avatar: of the name's first two
// words, or of the e-mail address when there is no name.
func initials(name, email string) string {
	words := strings.Fields(name)
	if len(words) == 0 {
		local, _, _ := strings.Cut(email, "@")
		words = strings.FieldsFunc(local, func(r rune) bool { return r == '.' || r == '_' || r == '-' || r == '+' })
	}
	var out []rune
	for _, w := range words {
		if r := []rune(w); len(r) > 0 {
			out = append(out, unicode.ToUpper(r[0]))
		}
		if len(out) == 2 {
			break
		}
	}
	if len(out) == 0 {
		return "?"
	}
	return string(out)
}

// docsAnchor is the address of the API reference's section on a topic of
// the console; /docs names each section "tag-" and its tag in lower case.
func docsAnchor(topic string) string {
	return "/docs#tag-" + strings.ReplaceAll(strings.ToLower(topic), " ", "-")
}
