package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// bookingLost helps someone who has lost the link to their booking. Links
// cannot be emailed again until hubbook sends email; until then the page
// says how the desk and the phone line can help.
func (s *Server) bookingLost(c *gin.Context) {
	s.render(c, http.StatusOK, "booking-lost", struct{ Layout }{s.layout(c, "Lost the link to your booking?")})
}
