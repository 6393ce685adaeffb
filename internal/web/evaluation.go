package web

import "github.com/gin-gonic/gin"

// STUB: replaced by the real handlers.

func (s *Server) evaluation(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) evaluationCSV(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) partnerEvaluation(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) partnerEvaluationCSV(c *gin.Context) { c.String(501, "not yet") }
