package people

import (
	"encoding/binary"
	"fmt"
)

// scoreWidth is the bytes one score takes: the question position as a
// big-endian uint16 and the value as one byte. Sixty answers take 180
// bytes, so a survey of 10,000 respondents loads as 10,000 small rows
// rather than 600,000 answer rows.
const scoreWidth = 3

// Limits the encoding imposes, enforced where questions are added.
const (
	MaxQuestions = 1<<16 - 1
	MaxOptions   = 50
)

// EncodeScores returns the compact form both stores keep scores in.
func EncodeScores(scores []Score) []byte {
	b := make([]byte, 0, len(scores)*scoreWidth)
	for _, s := range scores {
		b = binary.BigEndian.AppendUint16(b, uint16(s.Question))
		b = append(b, byte(s.Value))
	}
	return b
}

// DecodeScores reverses EncodeScores.
func DecodeScores(b []byte) ([]Score, error) {
	if len(b)%scoreWidth != 0 {
		return nil, fmt.Errorf("people: scores blob of %d bytes is not a multiple of %d", len(b), scoreWidth)
	}
	out := make([]Score, len(b)/scoreWidth)
	for i := range out {
		p := b[i*scoreWidth:]
		out[i] = Score{Question: int(binary.BigEndian.Uint16(p)), Value: int(p[2])}
	}
	return out, nil
}
