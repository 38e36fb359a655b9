package insights

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"
	"sync"
)

// Header values of BI responses, shared so that setting them allocates
// nothing; net/http only reads header values.
var (
	biTrailerValue = []string{"X-Hive-Truncated, X-Next-Cursor"}
	biRowCapValue  = []string{strconv.Itoa(biRowCap)}
	biBoolValues   = [2][]string{{"false"}, {"true"}}
)

// biBool is the header value of v.
func biBool(v bool) []string {
	if v {
		return biBoolValues[1]
	}
	return biBoolValues[0]
}

// biWriters recycles the buffered writers of JSON BI responses.
var biWriters = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 4096) }}

// newBIWriter returns a pooled writer onto w; release it with
// releaseBIWriter once flushed.
func newBIWriter(w io.Writer) *bufio.Writer {
	b := biWriters.Get().(*bufio.Writer)
	b.Reset(w)
	return b
}

// releaseBIWriter returns b to the pool, dropping what it still holds.
func releaseBIWriter(b *bufio.Writer) {
	b.Reset(nil)
	biWriters.Put(b)
}

// appendTail appends what follows the rows of a JSON BI response without
// endpoint fields: the pagination and meta objects as json.Marshal writes
// the maps biStream.json would give it otherwise, keys sorted.
// TestBITailMatchesEncodingJSON holds the two together. cursor and path
// are both strings, or both nil on the last page.
func (s *biStream[T]) appendTail(b []byte, cursor, path any) []byte {
	b = append(b, `],"pagination":{"next_cursor":`...)
	c, _ := cursor.(string)
	p, _ := path.(string)
	if cursor == nil {
		b = append(b, `null,"next_path":null}`...)
	} else {
		b = appendBIString(b, c)
		b = append(b, `,"next_path":`...)
		b = appendBIString(b, p)
		b = append(b, '}')
	}
	b = append(b, `,"meta":{"columns":[`...)
	for i, c := range s.cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendBIString(b, c.name)
	}
	b = append(b, `],"count":`...)
	b = strconv.AppendInt(b, int64(s.count), 10)
	b = append(b, `,"limit":`...)
	b = strconv.AppendInt(b, int64(s.q.limit), 10)
	b = append(b, `,"row_cap":`...)
	b = strconv.AppendInt(b, biRowCap, 10)
	b = append(b, `,"truncated":`...)
	b = strconv.AppendBool(b, cursor != nil)
	return append(b, "}}\n"...)
}

// appendBIString appends s as json.Marshal does, HTML escaping included:
// printable ASCII other than the quote, the backslash and <, >, & is
// copied, and anything else takes json.Marshal's encoding.
func appendBIString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			v, _ := json.Marshal(s) // a string always encodes
			return append(b, v...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
