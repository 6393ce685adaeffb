package web

import "github.com/gin-gonic/gin"

// STUB: replaced by the real handlers.

func (s *Server) registerShow(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) registerMark(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) registerCheckIn(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) registerWalkIns(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) registerPaperForm(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) registerPaper(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) registerPrint(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) registerClose(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) registerReopen(c *gin.Context) { c.String(501, "not yet") }
