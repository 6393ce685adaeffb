package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
)

// partnerFeedRevoke stops a partner organisation's calendar address, for
// when it reached someone who should not have it. The partner can make a
// new one on its own page.
func (s *Server) partnerFeedRevoke(c *gin.Context) {
	ctx := c.Request.Context()
	p, _, err := s.deps.Store.PartnerForEdit(ctx, c.Param("slug"))
	if s.failed(c, err) {
		return
	}
	err = s.deps.Store.RevokeFeedToken(ctx, actor(c), model.FeedOwner{PartnerID: p.ID})
	switch {
	case isNotFound(err):
		s.flash(c, p.Name+" has no calendar address to stop.")
	case err != nil:
		s.serverError(c, err)
		return
	default:
		s.flash(c, p.Name+"'s calendar address has been stopped. Their calendars will not update until they make a new address.")
	}
	c.Redirect(http.StatusSeeOther, "/staff/partners/"+p.Slug)
}
