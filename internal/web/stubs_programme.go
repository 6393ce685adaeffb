package web

import "github.com/gin-gonic/gin"

// Not yet written: each answers 501 until its page lands.
func (s *Server) deskHome(c *gin.Context)            { c.String(501, "not yet") }
func (s *Server) staffHome(c *gin.Context)           { c.String(501, "not yet") }
func (s *Server) staffSessions(c *gin.Context)       { c.String(501, "not yet") }
func (s *Server) sessionNew(c *gin.Context)          { c.String(501, "not yet") }
func (s *Server) sessionCreate(c *gin.Context)       { c.String(501, "not yet") }
func (s *Server) sessionEdit(c *gin.Context)         { c.String(501, "not yet") }
func (s *Server) sessionUpdate(c *gin.Context)       { c.String(501, "not yet") }
func (s *Server) sessionDuplicate(c *gin.Context)    { c.String(501, "not yet") }
func (s *Server) sessionCancelForm(c *gin.Context)   { c.String(501, "not yet") }
func (s *Server) sessionCancel(c *gin.Context)       { c.String(501, "not yet") }
func (s *Server) sessionReinstate(c *gin.Context)    { c.String(501, "not yet") }
func (s *Server) proposalQueue(c *gin.Context)       { c.String(501, "not yet") }
func (s *Server) proposalApprove(c *gin.Context)     { c.String(501, "not yet") }
func (s *Server) proposalDeclineForm(c *gin.Context) { c.String(501, "not yet") }
func (s *Server) proposalDecline(c *gin.Context)     { c.String(501, "not yet") }
func (s *Server) partnerHome(c *gin.Context)         { c.String(501, "not yet") }
func (s *Server) proposalNew(c *gin.Context)         { c.String(501, "not yet") }
func (s *Server) proposalCreate(c *gin.Context)      { c.String(501, "not yet") }
func (s *Server) proposalEdit(c *gin.Context)        { c.String(501, "not yet") }
func (s *Server) proposalUpdate(c *gin.Context)      { c.String(501, "not yet") }
