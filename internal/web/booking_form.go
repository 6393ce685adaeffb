package web

import (
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/nyaruka/phonenumbers"

	"hubbook/internal/auth"
	"hubbook/internal/model"
	"hubbook/internal/store"
)

// bookingForm is what a person typed into a booking form, kept as typed so
// that a form sent back with problems loses nothing.
type bookingForm struct {
	// Token is the manage link's token, made when the form was first drawn:
	// sent twice, the form finds the booking it made (idempotency).
	Token       string
	Name        string
	Email       string
	Phone       string
	Adults      string
	Children    string
	AccessNeeds string
	Postcode    string
	Reminders   bool
	// Website is the honeypot: hidden from people, filled in by bots.
	Website string
	// Waitlist is the person's choice to wait when the party does not fit.
	Waitlist bool
}

// seal is token sealed for the booking's emails, or nil without a sealer.
func (s *Server) seal(token string) []byte {
	if s.deps.Sealer == nil {
		return nil
	}
	return s.deps.Sealer.Seal(token)
}

// newBookingForm is an empty form for one adult with a fresh token.
func newBookingForm() bookingForm {
	token, _ := auth.NewToken()
	return bookingForm{Token: token, Adults: "1", Children: "0"}
}

// readBookingForm reads a posted booking form. A missing or malformed
// token (an old page, a tampered one) gets a fresh one: the form still
// works, only without protection against being sent twice.
func readBookingForm(c *gin.Context) bookingForm {
	f := bookingForm{
		Token:       c.PostForm("token"),
		Name:        trimmed(c, "name"),
		Email:       trimmed(c, "email"),
		Phone:       trimmed(c, "phone"),
		Adults:      trimmed(c, "adults"),
		Children:    trimmed(c, "children"),
		AccessNeeds: multiline(c, "access_needs"),
		Postcode:    trimmed(c, "postcode"),
		Reminders:   c.PostForm("reminders") == "yes",
		Website:     c.PostForm("website"),
		Waitlist:    c.PostForm("want") == "waitlist",
	}
	if !auth.WellFormedToken(f.Token) {
		f.Token, _ = auth.NewToken()
	}
	return f
}

// bookingFormFields are the fields in the order the form shows them.
var bookingFormFields = []string{"name", "email", "phone", "adults", "children", "access_needs", "postcode", "reminders", "website"}

// request checks the form and returns the booking request it makes for
// the session publicID. assisted is a navigator booking on someone's
// behalf: a name is then enough, with no email or phone.
func (f bookingForm) request(publicID string, assisted bool, servicePhone string) (store.BookingRequest, fieldErrors) {
	var errs fieldErrors
	who := "your"
	if assisted {
		who = "the person's"
	}
	switch {
	case f.Name == "":
		errs.add("name", "Enter "+who+" name")
	case utf8.RuneCountInString(f.Name) > 120:
		errs.add("name", "Enter a name of 120 characters or fewer")
	}
	email, emailOK := normaliseEmail(f.Email)
	if !emailOK {
		errs.add("email", "Enter an email address like name@example.com")
	}
	phoneE164, phoneOK := normalisePhone(f.Phone)
	if !phoneOK {
		errs.add("phone", "Enter a phone number like 07123 456789, using only numbers, spaces and +")
	}
	if !assisted && f.Email == "" && f.Phone == "" {
		errs.add("email", "Enter an email address or a mobile number, so we can tell you if anything changes")
	}
	party, children, ok := readParty(f.Adults, f.Children, &errs)
	switch {
	case !ok:
	case party < 1:
		errs.add("adults", "Book at least 1 place")
	case party > model.MaxParty && assisted:
		errs.add("adults", fmt.Sprintf("One booking holds up to %d people. Book a bigger group as several bookings, or ask staff to arrange it", model.MaxParty))
	case party > model.MaxParty:
		errs.add("adults", fmt.Sprintf("You can book up to %d places at once. For a bigger group, call %s", model.MaxParty, servicePhone))
	}
	if utf8.RuneCountInString(f.AccessNeeds) > 1000 {
		errs.add("access_needs", "Keep access needs to 1,000 characters or fewer")
	}
	postcode := normalisePostcode(f.Postcode)
	if postcode != "" && !postcodePattern.MatchString(postcode) {
		errs.add("postcode", "Enter a postcode like EH1 1EG, or leave it blank")
	}
	if f.Reminders && f.Email == "" {
		errs.add("reminders", "Reminders are sent by email: enter an email address, or untick reminders")
	}
	if f.Website != "" {
		errs.add("website", "Leave this field empty: it is there to stop automated bookings")
	}
	return store.BookingRequest{
		SessionPublicID: publicID,
		TokenHash:       auth.HashToken(f.Token),
		Name:            f.Name,
		Email:           email,
		Phone:           phoneE164,
		PartySize:       party,
		Children:        &children,
		AccessNeeds:     f.AccessNeeds,
		Postcode:        postcode,
		Reminders:       f.Reminders,
		Waitlist:        f.Waitlist,
	}, errs
}

// readParty reads the adults and children fields of a party form, adding
// a message for each that is not a number; ok reports that both were. The
// caller checks the size against what it allows.
func readParty(adultsText, childrenText string, errs *fieldErrors) (party, children int, ok bool) {
	adults, adultsOK := count(adultsText)
	if !adultsOK {
		errs.add("adults", "Enter how many adults are coming, as a number like 1")
	}
	children, childrenOK := count(childrenText)
	if !childrenOK {
		errs.add("children", "Enter how many children are coming, as a number like 0")
	}
	return adults + children, children, adultsOK && childrenOK
}

// count reads a number of people: blank is none.
func count(s string) (int, bool) {
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0 && n <= 500
}

// normaliseEmail lower-cases an email address after checking that it is
// one: a bare address with a name before the @ and a dotted domain after.
// Blank is allowed (ok) and stays blank.
func normaliseEmail(s string) (string, bool) {
	if s == "" {
		return "", true
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" || len(s) > 254 {
		return "", false
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return "", false
	}
	return strings.ToLower(s), true
}

// normalisePhone returns a phone number in E.164 (+447123456789), read as
// a UK number unless it starts with + or 00. Blank is allowed (ok).
func normalisePhone(s string) (string, bool) {
	if s == "" {
		return "", true
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789 +-()", r) {
			return "", false
		}
	}
	n, err := phonenumbers.Parse(s, "GB")
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return "", false
	}
	return phonenumbers.Format(n, phonenumbers.E164), true
}

// searchPhone reads a desk search as a phone number in E.164, or "" when
// it cannot be one. Unlike normalisePhone it takes numbers libphonenumber
// calls invalid (a new range, the drama range of the demo data): a search
// finds what was stored, and booking forms only store valid numbers.
func searchPhone(s string) string {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case !strings.ContainsRune(" +-()", r):
			return ""
		}
	}
	if digits < 7 {
		return ""
	}
	n, err := phonenumbers.Parse(s, "GB")
	if err != nil {
		return ""
	}
	return phonenumbers.Format(n, phonenumbers.E164)
}

// phoneText shows an E.164 number the way people write it: national
// format for UK numbers, international for the rest.
func phoneText(e164 string) string {
	if e164 == "" {
		return ""
	}
	n, err := phonenumbers.Parse(e164, "GB")
	if err != nil {
		return e164
	}
	if n.GetCountryCode() == 44 {
		return phonenumbers.Format(n, phonenumbers.NATIONAL)
	}
	return phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
}
