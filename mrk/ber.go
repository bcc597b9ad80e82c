package mrk

// berToDER re-encodes the definite-length BER of der with minimal lengths,
// recursively inside constructed values: AWS takes imported private keys
// whose lengths are not in their shortest form
// (imports_families.json:*_ber_reimport), which encoding/asn1 (DER only)
// refuses. Indefinite lengths and other non-DER forms are left as they are:
// the result is der unchanged when it is not such BER.
func berToDER(der []byte) []byte {
	out, rest, ok := berValue(der)
	if !ok || len(rest) != 0 {
		return der
	}
	return out
}

// berValue re-encodes the first TLV of b and returns it and what follows.
func berValue(b []byte) (out, rest []byte, ok bool) {
	if len(b) < 2 {
		return nil, nil, false
	}
	hdr := 1
	if b[0]&0x1f == 0x1f { // high tag number: base-128 bytes follow
		for hdr < len(b) && b[hdr]&0x80 != 0 {
			hdr++
		}
		hdr++
	}
	if hdr >= len(b) {
		return nil, nil, false
	}
	tag := b[:hdr]
	n, lb := 0, b[hdr]
	hdr++
	switch {
	case lb < 0x80:
		n = int(lb)
	case lb == 0x80 || lb == 0xff: // indefinite or reserved
		return nil, nil, false
	default:
		k := int(lb & 0x7f)
		if k > 4 || hdr+k > len(b) {
			return nil, nil, false
		}
		for _, c := range b[hdr : hdr+k] {
			n = n<<8 | int(c)
		}
		hdr += k
	}
	if n < 0 || hdr+n > len(b) {
		return nil, nil, false
	}
	content := b[hdr : hdr+n]
	if tag[0]&0x20 != 0 { // constructed: its elements too
		var inner []byte
		for c := content; len(c) > 0; {
			v, r, ok := berValue(c)
			if !ok {
				return nil, nil, false
			}
			inner, c = append(inner, v...), r
		}
		content = inner
	}
	out = append(append([]byte{}, tag...), derLength(len(content))...)
	return append(out, content...), b[hdr+n:], true
}

// derLength is the DER encoding of a length.
func derLength(n int) []byte {
	if n < 0x80 {
		return []byte{byte(n)}
	}
	var l []byte
	for ; n > 0; n >>= 8 {
		l = append([]byte{byte(n)}, l...)
	}
	return append([]byte{0x80 | byte(len(l))}, l...)
}
