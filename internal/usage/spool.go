package usage

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/hive-platform/hive/internal/hive"
)

// DefaultSpoolMaxBytes bounds the spool unless RecorderConfig says otherwise:
// at ~700 bytes a row it holds about 350,000 rows, a minute and more of a
// busy node's requests.
const DefaultSpoolMaxBytes = 256 << 20

// errSpoolFull is returned by put when a batch would take the spool past its
// bound.
var errSpoolFull = errors.New("the API log spool is full")

// spool keeps batches the store could not take, one file per batch, until
// they are replayed. File names are a sequence number, so the oldest batch
// is the first name. A file is written under a temporary name, synced and
// renamed, so a crash leaves whole batches or none; temporary files are
// removed on open.
type spool struct {
	dir string
	max int64

	mu    sync.Mutex
	files []spoolFile // oldest first
	bytes int64
	seq   uint64
}

type spoolFile struct {
	name string
	size int64
}

// spooledRow is the file form of a queued row with its log ID.
type spooledRow struct {
	Rec         hive.RequestRecord
	BodyDropped bool
	Suppressed  int
	ID          string
}

const spoolExt = ".batch"

// openSpool opens the spool in dir. The directory is made when the first
// batch is spooled, so a node that never meets an outage leaves no trace.
func openSpool(dir string, limit int64) (*spool, error) {
	s := &spool{dir: dir, max: limit}
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("API log spool: %w", err)
	}
	for _, e := range ents {
		name := e.Name()
		if strings.HasSuffix(name, ".tmp") {
			os.Remove(filepath.Join(dir, name))
			continue
		}
		seq, err := strconv.ParseUint(strings.TrimSuffix(name, spoolExt), 10, 64)
		if !strings.HasSuffix(name, spoolExt) || err != nil {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return nil, fmt.Errorf("API log spool: %w", err)
		}
		s.files = append(s.files, spoolFile{name: name, size: info.Size()})
		s.bytes += info.Size()
		s.seq = max(s.seq, seq)
	}
	slices.SortFunc(s.files, func(a, b spoolFile) int { return strings.Compare(a.name, b.name) })
	return s, nil
}

// put writes a batch as the newest file, or returns errSpoolFull.
func (s *spool) put(recs []queued, ids []string) error {
	data, err := encodeBatch(recs, ids)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.bytes+int64(len(data)) > s.max {
		return errSpoolFull
	}
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return err
	}
	s.seq++
	name := fmt.Sprintf("%020d%s", s.seq, spoolExt)
	if err := writeFileSynced(filepath.Join(s.dir, name), data); err != nil {
		return err
	}
	s.files = append(s.files, spoolFile{name: name, size: int64(len(data))})
	s.bytes += int64(len(data))
	return nil
}

func encodeBatch(recs []queued, ids []string) ([]byte, error) {
	rows := make([]spooledRow, len(recs))
	for i := range recs {
		rows[i] = spooledRow{Rec: recs[i].RequestRecord, BodyDropped: recs[i].bodyDropped, Suppressed: recs[i].suppressed, ID: ids[i]}
	}
	var buf bytes.Buffer
	err := gob.NewEncoder(&buf).Encode(rows)
	return buf.Bytes(), err
}

// writeFileSynced writes data to path through a synced temporary file and a
// rename, then syncs the directory, so the file survives a crash whole.
func writeFileSynced(path string, data []byte) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// oldest reads the oldest batch. ok is false when the spool is empty. A
// file that cannot be decoded is returned with err set; remove it.
func (s *spool) oldest() (name string, recs []queued, ids []string, ok bool, err error) {
	s.mu.Lock()
	if len(s.files) == 0 {
		s.mu.Unlock()
		return "", nil, nil, false, nil
	}
	name = s.files[0].name
	s.mu.Unlock()
	data, err := os.ReadFile(filepath.Join(s.dir, name))
	if err != nil {
		return name, nil, nil, true, err
	}
	var rows []spooledRow
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&rows); err != nil {
		return name, nil, nil, true, fmt.Errorf("decoding %s: %w", name, err)
	}
	recs, ids = make([]queued, len(rows)), make([]string, len(rows))
	for i, r := range rows {
		recs[i], ids[i] = queued{RequestRecord: r.Rec, bodyDropped: r.BodyDropped, suppressed: r.Suppressed}, r.ID
	}
	return name, recs, ids, true, nil
}

// rewrite replaces the oldest batch, name, with what is left of it.
func (s *spool) rewrite(name string, recs []queued, ids []string) error {
	data, err := encodeBatch(recs, ids)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.files) == 0 || s.files[0].name != name {
		return nil
	}
	if err := writeFileSynced(filepath.Join(s.dir, name), data); err != nil {
		return err
	}
	s.bytes += int64(len(data)) - s.files[0].size
	s.files[0].size = int64(len(data))
	return nil
}

// remove deletes the oldest batch, name, once it is written.
func (s *spool) remove(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.files) == 0 || s.files[0].name != name {
		return
	}
	os.Remove(filepath.Join(s.dir, name))
	s.bytes -= s.files[0].size
	s.files = s.files[1:]
}

// size returns the bytes and the number of batches in the spool.
func (s *spool) size() (int64, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bytes, len(s.files)
}
