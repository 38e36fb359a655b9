package reference

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// The interactive API reference at /docs is rendered once, at start-up,
// from the OpenAPI document. A small script sends test requests with the
// tenant slug and key the reader types in; they live only in the page's
// memory, never in cookies or storage, so a refresh forgets them.

//go:embed docs
var docsFS embed.FS

var docsTemplate = template.Must(template.New("docs.html").Funcs(template.FuncMap{"prose": prose}).ParseFS(docsFS, "docs/docs.html"))

// prose renders a description for the page: text between a pair of
// backticks becomes <code>, everything is HTML-escaped, and a backtick
// without its pair stays as it is.
func prose(s string) template.HTML {
	parts := strings.Split(s, "`")
	var b strings.Builder
	for i, part := range parts {
		switch {
		case i%2 == 0:
			b.WriteString(template.HTMLEscapeString(part))
		case i == len(parts)-1: // an unpaired backtick opened this part
			b.WriteString("`" + template.HTMLEscapeString(part))
		default:
			b.WriteString("<code>" + template.HTMLEscapeString(part) + "</code>")
		}
	}
	return template.HTML(b.String())
}

// docsCSP allows the page its own script, styles and same-origin requests,
// and nothing else.
const docsCSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
	"form-action 'none'; frame-ancestors 'none'; base-uri 'none'"

type docsPage struct {
	Info  openAPIInfo
	Tags  []docsTag
	Hints []docHint
	// LiveHints are docLiveHints, by hint key.
	LiveHints map[string]string
}

type docsTag struct {
	Name, Description, Anchor string
	Endpoints                 []docsEndpoint
}

type docsEndpoint struct {
	ID, Method, Path, Route, Summary, Description, Permission string
	Auth                                                      string // key, door, user or none
	Params                                                    []docsParam
	BodyType, BodyExample                                     string
	Status, ResponseExample                                   string
	Errors                                                    []string
}

type docsParam struct {
	Name, In, Type, Description, Example string
	Required                             bool
	Enum                                 []string
}

// renderDocs renders the /docs page for doc.
func renderDocs(doc *openAPIDoc) []byte {
	page := docsPage{Info: doc.Info, Hints: docHints, LiveHints: docLiveHints}
	for _, t := range doc.Tags {
		dt := docsTag{Name: t.Name, Description: t.Description, Anchor: "tag-" + strings.ReplaceAll(strings.ToLower(t.Name), " ", "-")}
		for _, op := range doc.ops {
			if op.Tags[0] == t.Name {
				dt.Endpoints = append(dt.Endpoints, newDocsEndpoint(op))
			}
		}
		if len(dt.Endpoints) > 0 {
			page.Tags = append(page.Tags, dt)
		}
	}
	var buf bytes.Buffer
	if err := docsTemplate.Execute(&buf, page); err != nil {
		panic(fmt.Sprintf("docs: rendering the page: %v", err))
	}
	return buf.Bytes()
}

func newDocsEndpoint(op *operation) docsEndpoint {
	e := docsEndpoint{ID: op.OperationID, Method: op.method, Path: op.path, Route: op.method + " " + op.path,
		Summary: op.Summary, Description: op.Description, Permission: op.Permission,
		Auth: [...]string{edge.AuthKey: "key", edge.AuthKeyOrQuery: "key", edge.AuthDoor: "door", edge.AuthUser: "user", edge.AuthNone: "none", edge.AuthMetrics: "none", edge.AuthGitLab: "none"}[op.auth]}
	for _, p := range op.Parameters {
		if p.Ref != "" {
			continue // the tenant and user headers, entered once at the top
		}
		dp := docsParam{Name: p.Name, In: p.In, Type: p.Schema.Type.(string), Description: p.Description, Required: p.Required}
		if p.Example != nil {
			dp.Example = fmt.Sprint(p.Example)
		}
		for _, v := range p.Schema.Enum {
			dp.Enum = append(dp.Enum, v.(string))
		}
		e.Params = append(e.Params, dp)
	}
	if op.RequestBody != nil {
		for ct, m := range op.RequestBody.Content {
			e.BodyType, e.BodyExample = ct, exampleText(ct, m.Example)
		}
	}
	codes := slices.Sorted(func(yield func(string) bool) {
		for code := range op.Responses {
			if !yield(code) {
				return
			}
		}
	})
	for _, code := range codes {
		r := op.Responses[code]
		if r.Ref != "" {
			e.Errors = append(e.Errors, code)
			continue
		}
		e.Status = code
		e.ResponseExample = responseExample(r.Content)
	}
	return e
}

// responseExample is the JSON example of a response, or else the example
// of its first media type in name order (a calendar, a metrics page).
func responseExample(content map[string]*mediaType) string {
	if m := content["application/json"]; m != nil {
		return exampleText("application/json", m.Example)
	}
	for _, ct := range slices.Sorted(maps.Keys(content)) {
		return exampleText(ct, content[ct].Example)
	}
	return ""
}

// exampleText writes an example as the body a reader would send: indented
// JSON, a form-encoded line, or the text itself.
func exampleText(contentType string, v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(fmt.Sprintf("docs: encoding an example: %v", err))
	}
	if contentType != "application/x-www-form-urlencoded" {
		return string(b)
	}
	var fields map[string]any
	json.Unmarshal(b, &fields)
	form := url.Values{}
	for k, v := range fields {
		form.Set(k, fmt.Sprint(v))
	}
	return form.Encode()
}

// serveDocs handles "GET /docs": the interactive API reference.
func (s *Reference) serveDocs(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", docsCSP)
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Length", strconv.Itoa(len(s.docsPage)))
	w.Write(s.docsPage)
}

// serveDocsStatic handles "GET /docs/static/": the page's script and styles.
func (s *Reference) serveDocsStatic(w http.ResponseWriter, r *http.Request) {
	docsStatic.ServeHTTP(w, r)
}

var docsStatic = docsAssets()

// docsAssets serves the files under docs/static.
func docsAssets() http.Handler {
	static, err := fs.Sub(docsFS, "docs/static")
	if err != nil {
		panic(err)
	}
	files := http.StripPrefix("/docs/static/", http.FileServerFS(static))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", docsCSP)
		w.Header().Set("Cache-Control", "public, max-age=300")
		files.ServeHTTP(w, r)
	})
}
