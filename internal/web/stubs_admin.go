package web

import "github.com/gin-gonic/gin"

// Not yet written: each answers 501 until its page lands.
func (s *Server) userList(c *gin.Context)      { c.String(501, "not yet") }
func (s *Server) userNew(c *gin.Context)       { c.String(501, "not yet") }
func (s *Server) userCreate(c *gin.Context)    { c.String(501, "not yet") }
func (s *Server) userEdit(c *gin.Context)      { c.String(501, "not yet") }
func (s *Server) userUpdate(c *gin.Context)    { c.String(501, "not yet") }
func (s *Server) userResetLink(c *gin.Context) { c.String(501, "not yet") }
func (s *Server) auditLog(c *gin.Context)      { c.String(501, "not yet") }
func (s *Server) resetForm(c *gin.Context)     { c.String(501, "not yet") }
func (s *Server) reset(c *gin.Context)         { c.String(501, "not yet") }
