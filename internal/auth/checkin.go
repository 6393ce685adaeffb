package auth

import (
	"crypto/hmac"
	"encoding/base64"
	"strings"
)

// checkInMACLength is how many bytes of the HMAC a check-in code keeps:
// 128 bits, which nobody guesses.
const checkInMACLength = 16

// CheckInCode is the code in a booking's check-in link (its QR code): the
// booking's reference without "HB-", a dot, and a MAC over the reference
// and the session's public id. Only hubbook can make one, and a code made
// for one booking and session is worth nothing for another. It opens
// nothing by itself: a signed-in member of staff must confirm.
func CheckInCode(k *Keyed, reference, sessionPublicID string) string {
	return strings.TrimPrefix(reference, "HB-") + "." + checkInMAC(k, reference, sessionPublicID)
}

// CheckInReference is the booking reference a check-in code names, if it
// is shaped like one; VerifyCheckInCode then says whether it is genuine.
func CheckInReference(code string) (string, bool) {
	ref, mac, ok := strings.Cut(code, ".")
	if !ok || ref == "" || len(ref) > 8 || len(mac) != base64.RawURLEncoding.EncodedLen(checkInMACLength) {
		return "", false
	}
	return "HB-" + ref, true
}

// VerifyCheckInCode reports whether code is the check-in code hubbook made
// for reference on the session with sessionPublicID (in constant time).
func VerifyCheckInCode(k *Keyed, code, reference, sessionPublicID string) bool {
	want := CheckInCode(k, reference, sessionPublicID)
	return hmac.Equal([]byte(code), []byte(want))
}

func checkInMAC(k *Keyed, reference, sessionPublicID string) string {
	sum := k.Sum("check-in\x00" + reference + "\x00" + sessionPublicID)
	return base64.RawURLEncoding.EncodeToString(sum[:checkInMACLength])
}
