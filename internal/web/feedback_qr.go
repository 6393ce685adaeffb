package web

import (
	"html/template"

	"hubbook/internal/model"
	"hubbook/internal/qr"
)

// checkInQR is a booking's check-in QR code, shown on its page for staff
// at the door to scan.
type checkInQR struct {
	URL string
	QR  template.HTML
}

// checkInQRSize is the booking page's QR code size, in CSS pixels: big
// enough for a phone camera at arm's length, small enough for a phone
// screen.
const checkInQRSize = 240

// bookingCheckInQR is b's check-in QR code while it can be used: a
// confirmed booking of a session that is on and has not ended; nil
// otherwise, or when the service signs no check-in links.
func (s *Server) bookingCheckInQR(b model.Booking) *checkInQR {
	m := b.Session
	if s.deps.CheckIns == nil || b.Status != model.BookingConfirmed || m.Cancelled() || m.Ended(s.deps.Now()) {
		return nil
	}
	link := s.checkInURL(b)
	code, err := qr.New(link)
	if err != nil {
		s.deps.Log.Error("check-in QR code", "booking", b.Reference, "err", err)
		return nil
	}
	return &checkInQR{URL: link, QR: code.SVG("QR code to check in for booking "+b.Reference, checkInQRSize)}
}
