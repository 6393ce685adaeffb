package web

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"hubbook/internal/model"
	"hubbook/internal/simd"
)

// The staff's forms for venues, spaces, partners and themes share these:
// web addresses (slugs), postcodes, phone numbers, websites, feature
// checkboxes, and what to show when someone else saved first.

// maxSlug is the longest web address the schema allows.
const maxSlug = 60

// slugPattern is the schema's CHECK on every slug.
var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// slugTidy drops apostrophes, spells out "&" and takes the accents off
// the letters of Gaelic and other names people here write.
var slugTidy = strings.NewReplacer("'", "", "’", "", "&", " and ",
	"à", "a", "á", "a", "â", "a", "ä", "a", "è", "e", "é", "e", "ê", "e", "ë", "e",
	"ì", "i", "í", "i", "î", "i", "ï", "i", "ò", "o", "ó", "o", "ô", "o", "ö", "o",
	"ù", "u", "ú", "u", "û", "u", "ü", "u", "ç", "c", "ñ", "n")

// slugify makes a web address from a name: "St Mary's Hall & Garden"
// becomes "st-marys-hall-and-garden", "Dùn Èideann" "dun-eideann". Other
// letters outside a to z are dropped; the result may be empty.
func slugify(name string) string {
	name = slugTidy.Replace(strings.ToLower(name))
	words := strings.FieldsFunc(name, func(r rune) bool { return (r < 'a' || r > 'z') && (r < '0' || r > '9') })
	var slug string
	for _, w := range words {
		if len(slug)+1+len(w) > maxSlug {
			break
		}
		if slug != "" {
			slug += "-"
		}
		slug += w
	}
	return slug
}

// normaliseSlug is a typed web address trimmed and in lower case.
func normaliseSlug(slug string) string { return strings.ToLower(strings.TrimSpace(slug)) }

// checkSlug records a problem with a web address; empty is allowed only
// where a form makes one from the name.
func checkSlug(errs *fieldErrors, slug string, example string) {
	switch {
	case slug == "":
		errs.add("slug", "Enter a web address, like "+example)
	case len(slug) > maxSlug:
		errs.add("slug", "Enter a web address of 60 characters or fewer")
	case !slugPattern.MatchString(slug):
		errs.add("slug", "Enter a web address using only lower-case letters, numbers and single hyphens, like "+example)
	}
}

// checkName records a problem with a required name of at most max characters.
func checkName(errs *fieldErrors, name string, max int, what string) {
	switch {
	case name == "":
		errs.add("name", "Enter the name of the "+what)
	case utf8.RuneCountInString(name) > max:
		errs.add("name", "Enter a name of "+strconv.Itoa(max)+" characters or fewer")
	}
}

// postcodePattern is the schema's CHECK on a postcode.
var postcodePattern = regexp.MustCompile(`^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}$`)

// normalisePostcode writes a postcode as the SIMD lookup keeps it
// ("eh11eg" becomes "EH1 1EG"), so that a booking's postcode finds its data
// zone. What cannot be a postcode is left as typed, for the person to
// correct.
func normalisePostcode(postcode string) string {
	if p, ok := simd.NormalisePostcode(postcode); ok {
		return p
	}
	return strings.TrimSpace(postcode)
}

// phonePattern allows the digits, spaces and signs people write phone
// numbers with.
var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 ()-]*$`)

// checkPhone records a problem with an optional phone number.
func checkPhone(errs *fieldErrors, phone string) {
	if phone == "" {
		return
	}
	digits := 0
	for _, r := range phone {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if !phonePattern.MatchString(phone) || digits < 7 || digits > 15 {
		errs.add("phone", "Enter a phone number like 0131 496 0000")
	}
}

// normaliseWebsite trims a website address and lower-cases its scheme.
func normaliseWebsite(website string) string {
	website = strings.TrimSpace(website)
	for _, scheme := range []string{"http://", "https://"} {
		if len(website) >= len(scheme) && strings.EqualFold(website[:len(scheme)], scheme) {
			return scheme + website[len(scheme):]
		}
	}
	return website
}

// checkWebsite records a problem with an optional website address.
func checkWebsite(errs *fieldErrors, website string) {
	if website == "" {
		return
	}
	rest, ok := strings.CutPrefix(website, "https://")
	if !ok {
		rest, ok = strings.CutPrefix(website, "http://")
	}
	if !ok || rest == "" || strings.ContainsAny(website, " \t\n<>\"") {
		errs.add("website", "Enter a website address starting with https://, like https://www.example.org")
	}
}

// tickedFeatures keeps the keys of list that were ticked, in list's order;
// anything else is ignored.
func tickedFeatures(list []model.Feature, ticked []string) []string {
	var keys []string
	for _, f := range list {
		if slices.Contains(ticked, f.Key) {
			keys = append(keys, f.Key)
		}
	}
	return keys
}

// trimmed returns the form field name without surrounding spaces.
func trimmed(c *gin.Context, name string) string { return strings.TrimSpace(c.PostForm(name)) }

// multiline returns a text area's value trimmed, with Windows line ends
// made plain.
func multiline(c *gin.Context, name string) string {
	return strings.TrimSpace(strings.ReplaceAll(c.PostForm(name), "\r\n", "\n"))
}

// savedValue is one field of a record as it is saved now.
type savedValue struct {
	Label, Value string
}

// conflict is what an edit form shows when someone else saved the record
// since the person opened it: the fields whose saved values differ from
// what the person typed, so they can see what the other change was.
type conflict struct {
	Differs []savedValue
}

// newConflict compares saved and typed, two lists of the same fields in
// the same order.
func newConflict(saved, typed []savedValue) *conflict {
	c := &conflict{}
	for i, s := range saved {
		if i < len(typed) && typed[i].Value != s.Value {
			c.Differs = append(c.Differs, s)
		}
	}
	return c
}

// featureText is ticked features as a person reads them.
func featureText(list []model.Feature, keys []string) string {
	if labels := model.FeatureLabels(list, keys); len(labels) > 0 {
		return strings.Join(labels, ", ")
	}
	return "none"
}

// failed reports whether err is an error, having answered it: 404 for
// model.ErrNotFound (a venue, space, partner or theme that is not there),
// the error page for anything else.
func (s *Server) failed(c *gin.Context, err error) bool {
	switch {
	case err == nil:
		return false
	case isNotFound(err):
		s.notFound(c)
	default:
		s.serverError(c, err)
	}
	return true
}
