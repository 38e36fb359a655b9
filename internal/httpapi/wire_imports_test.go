package httpapi

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestServerEncodesWithAPITypes: the server's wire shapes are package
// api's, shared with the Go client, so no server file may import the
// client (its tests may, to call the server as integrators do).
func TestServerEncodesWithAPITypes(t *testing.T) {
	const clientPkg = "github.com/hive-platform/hive/client"
	files := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		files++
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == clientPkg {
				t.Errorf("%s imports %s; encode with package api's types instead", path, clientPkg)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 20 {
		t.Fatalf("read %d server files; the walk missed the packages", files)
	}
}
