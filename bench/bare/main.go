// Command bare is the baseline for the bench scripts: a net/http server
// whose only work is answering 200 with fixed bytes, so the scripts can
// report Hive's cost as a ratio of what net/http alone does on the same
// machine in the same run. "/" answers a small JSON body; each --body
// PATH=FILE serves a file's bytes at PATH, so a Hive response can be
// compared with net/http sending the very same bytes; --headers
// PATH=FILE adds the header lines of FILE ("Key: Value", as curl -D
// writes them; the status line, Date, Content-Length and hop-by-hop
// headers are skipped) to PATH's answer, so the comparison can include a
// Hive response's headers, which net/http copies, sorts and writes on
// every request. --spin D makes
// every answer first busy-wait for D: a server with D of work of its own
// per request, to calibrate what that much work costs over the wire.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"
	"time"
)

var (
	spin    time.Duration
	headers = map[string]http.Header{}
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18081", "listen address")
	flag.DurationVar(&spin, "spin", 0, "busy-wait this long before answering each request")
	flag.Func("body", "PATH=FILE: answer PATH with FILE's bytes (repeatable)", func(v string) error {
		path, file, ok := strings.Cut(v, "=")
		if !ok || !strings.HasPrefix(path, "/") {
			return fmt.Errorf("want PATH=FILE with PATH starting with /, got %q", v)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		serve(path, b)
		return nil
	})
	flag.Func("headers", "PATH=FILE: add FILE's header lines to PATH's answer (repeatable)", func(v string) error {
		path, file, ok := strings.Cut(v, "=")
		if !ok {
			return fmt.Errorf("want PATH=FILE, got %q", v)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		h := http.Header{}
		for _, line := range strings.Split(string(b), "\n") {
			k, val, ok := strings.Cut(strings.TrimRight(line, "\r"), ":")
			if !ok || strings.HasPrefix(k, "HTTP/") {
				continue
			}
			switch k = http.CanonicalHeaderKey(k); k {
			case "Date", "Content-Length", "Transfer-Encoding", "Trailer", "Connection":
				continue
			}
			h[k] = append(h[k], strings.TrimSpace(val))
		}
		headers[path] = h
		return nil
	})
	serve("/", []byte(`{"valid":true}`+"\n"))
	flag.Parse()
	log.Fatal(http.ListenAndServe(*addr, nil))
}

func serve(path string, body []byte) {
	http.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		if spin > 0 {
			// On the CPU, as a handler's own work would be: not a sleep.
			for start := time.Now(); time.Since(start) < spin; {
			}
		}
		h := w.Header()
		if extra, ok := headers[path]; ok {
			// Shared, as Hive shares its constant values (net/http only
			// reads them): the row is then a floor of what headers cost.
			for k, vs := range extra {
				h[k] = vs
			}
		}
		if h["Content-Type"] == nil {
			h.Set("Content-Type", "application/json")
		}
		w.Write(body)
	})
}
