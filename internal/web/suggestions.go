package web

import "github.com/gin-gonic/gin"

// STUB: replaced by the real handlers.

func (s *Server) suggestionList(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) suggestionNew(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) suggestionCreate(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) suggestionShow(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) suggestionSupport(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) suggestionQueue(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) suggestionModerate(c *gin.Context) { c.String(501, "not yet") }

func (s *Server) suggestionDecide(c *gin.Context) { c.String(501, "not yet") }
