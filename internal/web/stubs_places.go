package web

import "github.com/gin-gonic/gin"

// Not yet written: each answers 501 until its page lands.
func (s *Server) venueList(c *gin.Context)     { c.String(501, "not yet") }
func (s *Server) venueNew(c *gin.Context)      { c.String(501, "not yet") }
func (s *Server) venueCreate(c *gin.Context)   { c.String(501, "not yet") }
func (s *Server) venueEdit(c *gin.Context)     { c.String(501, "not yet") }
func (s *Server) venueUpdate(c *gin.Context)   { c.String(501, "not yet") }
func (s *Server) spaceNew(c *gin.Context)      { c.String(501, "not yet") }
func (s *Server) spaceCreate(c *gin.Context)   { c.String(501, "not yet") }
func (s *Server) spaceEdit(c *gin.Context)     { c.String(501, "not yet") }
func (s *Server) spaceUpdate(c *gin.Context)   { c.String(501, "not yet") }
func (s *Server) partnerList(c *gin.Context)   { c.String(501, "not yet") }
func (s *Server) partnerNew(c *gin.Context)    { c.String(501, "not yet") }
func (s *Server) partnerCreate(c *gin.Context) { c.String(501, "not yet") }
func (s *Server) partnerEdit(c *gin.Context)   { c.String(501, "not yet") }
func (s *Server) partnerUpdate(c *gin.Context) { c.String(501, "not yet") }
func (s *Server) themeList(c *gin.Context)     { c.String(501, "not yet") }
func (s *Server) themeNew(c *gin.Context)      { c.String(501, "not yet") }
func (s *Server) themeCreate(c *gin.Context)   { c.String(501, "not yet") }
func (s *Server) themeEdit(c *gin.Context)     { c.String(501, "not yet") }
func (s *Server) themeUpdate(c *gin.Context)   { c.String(501, "not yet") }
