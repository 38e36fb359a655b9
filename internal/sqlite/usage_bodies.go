package sqlite

import (
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// A block's bodies are compressed with zstd at its fastest level. Most of
// the API log's bytes are response bodies, and one tenant's responses
// within a block's few seconds are much alike: a thousand verify
// responses of 602 bytes each pack into about 2 KB. Every byte not
// written is a byte the writer does not copy into pages, checksum, write
// to the WAL, copy again at the checkpoint and sync, which on a busy
// server was most of the writer's time and all of its long pauses.
// Compressing costs about a quarter of a microsecond per row; reading
// one entry's body unpacks its whole block, about a millisecond, and
// lists never read bodies at all.

var (
	bodyEncoder = sync.OnceValue(func() *zstd.Encoder {
		enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
		if err != nil {
			panic(err) // only for invalid options
		}
		return enc
	})
	// A block's bodies are at most maxBlockBodies bytes (see blockLen), so
	// a frame that claims more is damaged, and is refused before anything
	// that large is allocated.
	bodyDecoder = sync.OnceValue(func() *zstd.Decoder {
		dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(maxBlockBodies))
		if err != nil {
			panic(err) // only for invalid options
		}
		return dec
	})
)

// packBodies appends the compressed bodies to dst.
func packBodies(dst, bodies []byte) []byte {
	return bodyEncoder().EncodeAll(bodies, dst)
}

// unpackBodies returns the bodies packBodies compressed.
func unpackBodies(packed []byte) ([]byte, error) {
	bodies, err := bodyDecoder().DecodeAll(packed, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: bodies: %v", errBlock, err)
	}
	return bodies, nil
}
