package mrk

// AES Key Wrap with Padding (RFC 5649), the second half of the
// RSA_AES_KEY_WRAP_SHA_* wrapping algorithms of ImportKeyMaterial. The
// standard library has no implementation.

import (
	"crypto/aes"
	"crypto/subtle"
	"encoding/binary"
	"errors"
)

// kwpAIV is the first half of RFC 5649's alternative initial value.
var kwpAIV = [4]byte{0xA6, 0x59, 0x59, 0xA6}

// errKWP is the failure of an unwrap: wrong key, tampered or malformed input.
var errKWP = errors.New("mrk: AES key wrap: integrity check failed")

// KeyWrapPad wraps plaintext (1 byte or more) under the AES key kek as RFC
// 5649 §4.1 says: the 32-bit alternative initial value with the plaintext's
// length, the plaintext padded with zeros to a multiple of 8 bytes, then
// one AES block (8 bytes of plaintext) or RFC 3394's wrapping process.
func KeyWrapPad(kek, plaintext []byte) ([]byte, error) {
	block, err := aes.NewCipher(kek)
	if err != nil {
		return nil, err
	}
	if len(plaintext) == 0 || uint64(len(plaintext)) > 0xFFFFFFFF {
		return nil, errors.New("mrk: AES key wrap: plaintext length out of range")
	}
	var aiv [8]byte
	copy(aiv[:4], kwpAIV[:])
	binary.BigEndian.PutUint32(aiv[4:], uint32(len(plaintext)))
	n := (len(plaintext) + 7) / 8
	p := make([]byte, 8*n)
	copy(p, plaintext)
	if n == 1 {
		out := make([]byte, 16)
		copy(out, aiv[:])
		copy(out[8:], p)
		block.Encrypt(out, out)
		return out, nil
	}
	// RFC 3394 §2.2.1, index-based.
	a := aiv
	r := p
	var b [16]byte
	for j := 0; j <= 5; j++ {
		for i := 1; i <= n; i++ {
			copy(b[:8], a[:])
			copy(b[8:], r[8*(i-1):8*i])
			block.Encrypt(b[:], b[:])
			t := uint64(n*j + i)
			binary.BigEndian.PutUint64(a[:], binary.BigEndian.Uint64(b[:8])^t)
			copy(r[8*(i-1):8*i], b[8:])
		}
	}
	return append(a[:], r...), nil
}

// KeyUnwrapPad reverses KeyWrapPad (RFC 5649 §4.2) and checks the
// alternative initial value, the length it carries and the zero padding.
func KeyUnwrapPad(kek, wrapped []byte) ([]byte, error) {
	block, err := aes.NewCipher(kek)
	if err != nil {
		return nil, err
	}
	if len(wrapped) < 16 || len(wrapped)%8 != 0 {
		return nil, errKWP
	}
	n := len(wrapped)/8 - 1
	var a [8]byte
	var p []byte
	if n == 1 {
		var b [16]byte
		block.Decrypt(b[:], wrapped)
		copy(a[:], b[:8])
		p = append([]byte(nil), b[8:]...)
	} else {
		copy(a[:], wrapped[:8])
		r := append([]byte(nil), wrapped[8:]...)
		var b [16]byte
		for j := 5; j >= 0; j-- {
			for i := n; i >= 1; i-- {
				t := uint64(n*j + i)
				binary.BigEndian.PutUint64(b[:8], binary.BigEndian.Uint64(a[:])^t)
				copy(b[8:], r[8*(i-1):8*i])
				block.Decrypt(b[:], b[:])
				copy(a[:], b[:8])
				copy(r[8*(i-1):8*i], b[8:])
			}
		}
		p = r
	}
	if subtle.ConstantTimeCompare(a[:4], kwpAIV[:]) != 1 {
		return nil, errKWP
	}
	mli := int(binary.BigEndian.Uint32(a[4:]))
	if mli <= 8*(n-1) || mli > 8*n {
		return nil, errKWP
	}
	for _, c := range p[mli:] {
		if c != 0 {
			return nil, errKWP
		}
	}
	return p[:mli], nil
}
