package web

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"hubbook/internal/auth"
	"hubbook/internal/model"
)

// feedStatus is what a page says about a live private feed address: when
// it was made and by whom, and when a calendar last fetched it.
type feedStatus struct {
	Made, MadeBy string
	// LastUsed is "" when no calendar has fetched it yet.
	LastUsed string
	// token is the address's token when it can be shown: opened from its
	// sealed copy, or just made. "" when it cannot be shown again.
	token string
}

// liveFeed returns what owner's live feed address is, or nil when there is
// none. Its token is opened from the sealed copy when there is a sealer;
// without one, or when the copy was sealed with another secret, the page
// can only offer to make a new address.
func (s *Server) liveFeed(ctx context.Context, owner model.FeedOwner) (*feedStatus, error) {
	t, err := s.deps.Store.FeedToken(ctx, owner)
	if isNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	f := &feedStatus{Made: s.localStamp(t.CreatedAt), MadeBy: t.CreatedBy}
	if t.LastUsedAt != nil {
		f.LastUsed = s.localStamp(*t.LastUsedAt)
	}
	if s.deps.Sealer != nil && t.Sealed != nil {
		token, err := s.deps.Sealer.Open(t.Sealed)
		if err != nil {
			s.deps.Log.WarnContext(ctx, "feed token cannot be opened", "feed_token_id", t.ID, "err", err)
		}
		f.token = token
	}
	return f, nil
}

// newFeedToken makes owner a new feed address, stopping the one before it,
// and returns its token and whether there was one before.
func (s *Server) newFeedToken(c *gin.Context, owner model.FeedOwner) (token string, replaced bool, err error) {
	ctx := c.Request.Context()
	if _, err := s.deps.Store.FeedToken(ctx, owner); err == nil {
		replaced = true
	} else if !isNotFound(err) {
		return "", false, err
	}
	token, hash := auth.NewToken()
	var sealed []byte
	if s.deps.Sealer != nil {
		sealed = s.deps.Sealer.Seal(token)
	}
	return token, replaced, s.deps.Store.ReplaceFeedToken(ctx, actor(c), owner, hash, sealed)
}

// feedMadeMessage is the flash after making an address.
func feedMadeMessage(replaced bool) string {
	if replaced {
		return "A new address has been made. The old one no longer works."
	}
	return "Your calendar address has been made."
}

type partnerFeedPage struct {
	Layout
	Partner model.Partner
	// Feed is the live address, or nil; Subscribe its links when it can be
	// shown.
	Feed      *feedStatus
	Subscribe *subscribeBlock
	// JustMade says the address was made by this request and, with no
	// sealer, is shown this once.
	JustMade bool
}

// partnerFeedOwner is the signed-in partner's organisation as a feed
// owner: its users share one address.
func partnerFeedOwner(c *gin.Context) (model.FeedOwner, model.Partner) {
	scope, partner := partnerScope(c)
	return model.FeedOwner{PartnerID: scope.PartnerID}, partner
}

// partnerFeed shows the partner's calendar address, to subscribe to or
// replace.
func (s *Server) partnerFeed(c *gin.Context) {
	owner, partner := partnerFeedOwner(c)
	feed, err := s.liveFeed(c.Request.Context(), owner)
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.renderPartnerFeed(c, partner, feed, "")
}

// partnerFeedCreate makes the partner's calendar address, or a new one in
// place of the old. Without a sealer the address cannot be shown again,
// so this answer shows it, the only time; otherwise back to the page.
func (s *Server) partnerFeedCreate(c *gin.Context) {
	owner, partner := partnerFeedOwner(c)
	token, replaced, err := s.newFeedToken(c, owner)
	if err != nil {
		s.serverError(c, err)
		return
	}
	if s.deps.Sealer == nil {
		s.renderPartnerFeed(c, partner, s.justMade(c, token), feedMadeMessage(replaced))
		return
	}
	s.flash(c, feedMadeMessage(replaced))
	c.Redirect(http.StatusSeeOther, "/partner/feed")
}

// justMade is the status of the address with token, made by this request.
func (s *Server) justMade(c *gin.Context, token string) *feedStatus {
	return &feedStatus{Made: s.localStamp(s.deps.Now()), MadeBy: actor(c).Name, token: token}
}

// renderPartnerFeed renders the page; made is the message when the address
// was made by this request (and is shown this once).
func (s *Server) renderPartnerFeed(c *gin.Context, partner model.Partner, feed *feedStatus, made string) {
	page := partnerFeedPage{Layout: s.layout(c, "Your sessions in your calendar"), Partner: partner, Feed: feed, JustMade: made != ""}
	if made != "" {
		page.Flash = made
	}
	if feed != nil && feed.token != "" {
		b := s.subscribe("feed-address", "", "/feeds/partners/"+feed.token+".ics", nil)
		page.Subscribe = &b
	}
	s.render(c, http.StatusOK, "partner-feed", page)
}
