package web

import "github.com/gin-gonic/gin"

// STUB: replaced by the real handlers.

func (s *Server) checkInShow(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) checkIn(c *gin.Context) { c.String(501, "not yet") }
