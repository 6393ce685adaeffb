package web

import (
	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
)

// routes lists every route hubbook serves, grouped by who may use it.
// Reading it tells a newcomer what the product does. Authorisation is here
// (a role per group) and in the store, whose partner queries are scoped to
// the partner's own id.
func (s *Server) routes(r *gin.Engine) {
	r.Use(withRequestID, s.accessLog, s.recoverPanic, securityHeaders, s.crossOrigin, s.textQuery)
	r.NoRoute(s.notFound)

	// Operations: for load balancers and monitoring.
	read(r, "/healthz", s.healthz)
	read(r, "/readyz", s.readyz)

	// Static files under content-hashed names.
	read(r, "/static/*filepath", s.assets.serve)

	// Public API: the programme as open data.
	api := r.Group("/api/v1", allowAnyOrigin)
	read(api, "/sessions", s.apiSessions)
	read(api, "/sessions/:id", s.apiSession)

	// Calendar feeds. Calendar clients cannot sign in: the programme and a
	// space's occupancy are open to anyone; a partner's feed and a staff
	// member's view of a venue are behind a token in the URL. And one
	// session as a file to download.
	feeds := r.Group("/feeds")
	read(feeds, "/programme.ics", allowAnyOrigin, s.feedProgramme)
	read(feeds, "/spaces/:file", allowAnyOrigin, s.feedSpace)
	read(feeds, "/partners/:token", s.feedPartner)
	read(feeds, "/venues/:slug/:token", s.feedVenue)
	read(r, "/sessions/:id/calendar.ics", s.sessionCalendar)

	// Every page knows who is signed in, if anyone.
	pages := r.Group("", s.withSession, s.identify)

	// Public: the programme, for citizens, with no account.
	read(pages, "/", s.programme)
	read(pages, "/print", s.programmePrint)
	read(pages, "/sessions/:id", s.sessionShow)
	read(pages, "/venues/:slug", s.venueShow)

	// Public: booking places with no account, and managing a booking from
	// its link. The token in /bookings/:token is the only key.
	pages.POST("/sessions/:id/book", s.bookingCreate)
	read(pages, "/bookings/lost", s.bookingLost)
	pages.POST("/bookings/lost", s.bookingLinks)
	read(pages, "/bookings/:token", s.bookingShow)
	read(pages, "/bookings/:token/calendar.ics", s.bookingCalendar)
	read(pages, "/bookings/:token/cancel", s.bookingCancelForm)
	pages.POST("/bookings/:token/cancel", s.bookingCancel)
	pages.POST("/bookings/:token/party", s.bookingParty)
	read(pages, "/bookings/:token/reminders", s.bookingRemindersForm)
	// Also the one-click unsubscribe (RFC 8058) mail providers post to.
	pages.POST("/bookings/:token/reminders", s.bookingRemindersStop)

	// Public: community voice. The one-question survey after a session,
	// from the booking's link or (for walk-ins) the session page, and
	// suggestions for the programme with their outcome.
	read(pages, "/bookings/:token/feedback", s.bookingFeedbackForm)
	pages.POST("/bookings/:token/feedback", s.bookingFeedback)
	read(pages, "/sessions/:id/feedback", s.sessionFeedbackForm)
	pages.POST("/sessions/:id/feedback", s.sessionFeedback)
	read(pages, "/suggestions", s.suggestionList)
	read(pages, "/suggestions/new", s.suggestionNew)
	pages.POST("/suggestions", s.suggestionCreate)
	read(pages, "/suggestions/:id", s.suggestionShow)
	pages.POST("/suggestions/:id/support", s.suggestionSupport)

	// Signing in and out, asking for a password link by email, and setting
	// a password from a link (emailed, or made by an admin).
	read(pages, "/login", s.loginForm)
	pages.POST("/login", s.login)
	pages.POST("/logout", s.logout)
	read(pages, "/reset", s.resetRequestForm)
	pages.POST("/reset", s.resetRequest)
	read(pages, "/reset/:token", s.resetForm)
	pages.POST("/reset/:token", s.reset)

	// Navigators (and staff): the desk.
	desk := pages.Group("/desk", s.requireRole(model.RoleNavigator, model.RoleStaff, model.RoleAdmin))
	read(desk, "", s.deskHome)
	read(desk, "/sessions/:id/book", s.deskBookForm)
	desk.POST("/sessions/:id/book", s.deskBook)
	read(desk, "/sessions/:id/walk-ins", s.walkInForm)
	desk.POST("/sessions/:id/walk-ins", s.walkInRecord)
	read(desk, "/bookings/:ref", s.deskBooking)
	read(desk, "/bookings/:ref/slip", s.deskSlip)
	desk.POST("/bookings/:ref/cancel", s.deskCancel)
	desk.POST("/bookings/:ref/party", s.deskParty)
	// A person's data, found, exported or erased on their request.
	read(desk, "/people", s.peopleSearch)
	desk.POST("/people", s.peopleFind)
	desk.POST("/people/export", s.peopleExport)
	desk.POST("/people/erase", s.peopleErase)

	// Registers: who came. Staff, navigators, and the partner delivering
	// the session (the store checks the partner's own sessions). A
	// booking's QR code opens its check-in link for any of them signed in.
	registers := pages.Group("/registers", s.requireRole(model.RoleNavigator, model.RolePartner, model.RoleStaff, model.RoleAdmin))
	read(registers, "/:id", s.registerShow)
	registers.POST("/:id/mark", s.registerMark)
	registers.POST("/:id/check-in", s.registerCheckIn)
	registers.POST("/:id/walk-ins", s.registerWalkIns)
	read(registers, "/:id/paper", s.registerPaperForm)
	registers.POST("/:id/paper", s.registerPaper)
	read(registers, "/:id/print", s.registerPrint)
	read(registers, "/:id/poster", s.feedbackPoster)
	registers.POST("/:id/close", s.registerClose)
	registers.POST("/:id/reopen", s.requireRole(model.RoleStaff, model.RoleAdmin), s.registerReopen)
	checkIn := pages.Group("/check-in", s.requireRole(model.RoleNavigator, model.RolePartner, model.RoleStaff, model.RoleAdmin))
	read(checkIn, "/:code", s.checkInShow)
	checkIn.POST("/:code", s.checkIn)

	// Staff: the programme.
	staff := pages.Group("/staff", s.requireRole(model.RoleStaff, model.RoleAdmin))
	read(staff, "", s.staffHome)
	read(staff, "/sessions", s.staffSessions)
	read(staff, "/sessions/new", s.sessionNew)
	staff.POST("/sessions", s.sessionCreate)
	read(staff, "/sessions/:id", s.sessionEdit)
	staff.POST("/sessions/:id", s.sessionUpdate)
	read(staff, "/sessions/:id/duplicate", s.sessionDuplicate)
	read(staff, "/sessions/:id/cancel", s.sessionCancelForm)
	staff.POST("/sessions/:id/cancel", s.sessionCancel)
	staff.POST("/sessions/:id/reinstate", s.sessionReinstate)
	read(staff, "/sessions/:id/bookings", s.sessionBookings)
	staff.POST("/sessions/:id/capacity", s.sessionCapacity)

	// Staff: partners' proposals, approved, changed or declined.
	read(staff, "/proposals", s.proposalQueue)
	staff.POST("/proposals/:id/approve", s.proposalApprove)
	read(staff, "/proposals/:id/decline", s.proposalDeclineForm)
	staff.POST("/proposals/:id/decline", s.proposalDecline)

	// Staff: venues and their spaces, partners and themes.
	read(staff, "/venues", s.venueList)
	read(staff, "/venues/new", s.venueNew)
	staff.POST("/venues", s.venueCreate)
	read(staff, "/venues/:slug", s.venueEdit)
	staff.POST("/venues/:slug", s.venueUpdate)
	read(staff, "/venues/:slug/spaces/new", s.spaceNew)
	staff.POST("/venues/:slug/spaces", s.spaceCreate)
	read(staff, "/spaces/:slug", s.spaceEdit)
	staff.POST("/spaces/:slug", s.spaceUpdate)
	read(staff, "/partners", s.partnerList)
	read(staff, "/partners/new", s.partnerNew)
	staff.POST("/partners", s.partnerCreate)
	read(staff, "/partners/:slug", s.partnerEdit)
	staff.POST("/partners/:slug", s.partnerUpdate)
	staff.POST("/partners/:slug/feed/revoke", s.partnerFeedRevoke)
	read(staff, "/themes", s.themeList)
	read(staff, "/themes/new", s.themeNew)
	staff.POST("/themes", s.themeCreate)
	read(staff, "/themes/:slug", s.themeEdit)
	staff.POST("/themes/:slug", s.themeUpdate)

	// Staff: the evaluation figures (each table also as CSV), and the
	// community's suggestions to moderate.
	read(staff, "/evaluation", s.evaluation)
	read(staff, "/evaluation/:table", s.evaluationCSV)
	read(staff, "/suggestions", s.suggestionQueue)
	read(staff, "/suggestions/:id", s.suggestionModerate)
	staff.POST("/suggestions/:id", s.suggestionDecide)

	// Staff: the outgoing mail, and what became of each message.
	read(staff, "/mail", s.staffMail)

	// Staff: their own calendar address, for each venue's everything feed.
	read(staff, "/feed", s.staffFeed)
	staff.POST("/feed", s.staffFeedCreate)
	staff.POST("/feed/revoke", s.staffFeedRevoke)

	// Partners: their own organisation's sessions, and proposals.
	partner := pages.Group("/partner", s.requireRole(model.RolePartner), s.requirePartnerAccount)
	read(partner, "", s.partnerHome)
	read(partner, "/sessions/new", s.proposalNew)
	partner.POST("/sessions", s.proposalCreate)
	read(partner, "/sessions/:id", s.proposalEdit)
	partner.POST("/sessions/:id", s.proposalUpdate)
	read(partner, "/feed", s.partnerFeed)
	partner.POST("/feed", s.partnerFeedCreate)
	read(partner, "/evaluation", s.partnerEvaluation)
	read(partner, "/evaluation/:table", s.partnerEvaluationCSV)

	// Rooms and zones: who has which space when. Navigators look; staff
	// and partners book (partners' requests may wait for staff).
	rooms := pages.Group("/rooms", s.requireRole(model.RoleNavigator, model.RolePartner, model.RoleStaff, model.RoleAdmin))
	read(rooms, "", s.roomsHome)
	read(rooms, "/find", s.roomsFind)
	read(rooms, "/:venue", s.roomsDay)
	read(rooms, "/:venue/:space", s.roomsWeek)
	book := rooms.Group("", s.requireRole(model.RolePartner, model.RoleStaff, model.RoleAdmin))
	read(book, "/:venue/:space/book", s.spaceBookingForm)
	book.POST("/:venue/:space/book", s.spaceBookingCreate)
	book.POST("/:venue/:space/book/confirm", s.spaceBookingConfirm)
	spaceBookings := pages.Group("/space-bookings", s.requireRole(model.RolePartner, model.RoleStaff, model.RoleAdmin))
	read(spaceBookings, "/:id", s.spaceBookingShow)
	spaceBookings.POST("/:id/cancel", s.spaceBookingCancel)

	// Staff: partners' space requests, and closures of venues and spaces.
	read(staff, "/space-requests", s.spaceRequestQueue)
	staff.POST("/space-requests/:id/approve", s.spaceRequestApprove)
	read(staff, "/space-requests/:id/decline", s.spaceRequestDeclineForm)
	staff.POST("/space-requests/:id/decline", s.spaceRequestDecline)
	read(staff, "/closures", s.closureList)
	staff.POST("/closures", s.closureCreate)
	staff.POST("/closures/:id/remove", s.closureRemove)
	read(staff, "/venues/:slug/hours", s.hoursForm)
	staff.POST("/venues/:slug/hours", s.hoursUpdate)

	// Admins: accounts and the audit log.
	admin := pages.Group("/admin", s.requireRole(model.RoleAdmin))
	read(admin, "", s.userList)
	read(admin, "/users/new", s.userNew)
	admin.POST("/users", s.userCreate)
	read(admin, "/users/:id", s.userEdit)
	admin.POST("/users/:id", s.userUpdate)
	admin.POST("/users/:id/reset-link", s.userResetLink)
	read(admin, "/audit", s.auditLog)
}

// read registers a page for GET and HEAD (uptime monitors and link checkers
// ask with HEAD; net/http drops the body).
func read(r gin.IRoutes, path string, h ...gin.HandlerFunc) {
	r.GET(path, h...)
	r.HEAD(path, h...)
}
