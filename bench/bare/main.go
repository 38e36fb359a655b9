// Command bare is the baseline for the bench scripts: a net/http server
// whose only work is answering 200 with fixed bytes, so the scripts can
// report Hive's cost as a ratio of what net/http alone does on the same
// machine in the same run. "/" answers a small JSON body; --body-file serves
// a file's bytes at --body-path, so an Open API read can be compared with
// net/http sending the very same response.
package main

import (
	"flag"
	"log"
	"net/http"
	"os"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18081", "listen address")
	bodyFile := flag.String("body-file", "", "file whose bytes --body-path answers")
	bodyPath := flag.String("body-path", "/body", "path that answers --body-file")
	flag.Parse()
	serve("/", []byte(`{"valid":true}`+"\n"))
	if *bodyFile != "" {
		b, err := os.ReadFile(*bodyFile)
		if err != nil {
			log.Fatal(err)
		}
		serve(*bodyPath, b)
	}
	log.Fatal(http.ListenAndServe(*addr, nil))
}

func serve(path string, body []byte) {
	http.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	})
}
