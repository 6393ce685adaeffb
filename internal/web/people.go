package web

import "github.com/gin-gonic/gin"

// STUB: replaced by the real handlers.

func (s *Server) peopleSearch(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) peopleExport(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) peopleErase(c *gin.Context) { c.String(501, "not yet") }
