package web

import "github.com/gin-gonic/gin"

// STUB: replaced by the real handlers.

func (s *Server) bookingFeedbackForm(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) bookingFeedback(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) sessionFeedbackForm(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) sessionFeedback(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) feedbackPoster(c *gin.Context) { c.String(501, "not yet") }
