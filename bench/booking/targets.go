//go:build ignore

// Targets writes vegeta targets (-format=json, one a line) for the booking
// benchmark: n booking form posts, each with its own email and token, as a
// person's browser sends them from a session's page. run.sh runs it with
// `go run bench/booking/targets.go`; the build tag keeps it out of the
// module's packages.
//
//	go run bench/booking/targets.go -base http://127.0.0.1:8080 -first 1 -last 1000 -tag spread -n 100000 > spread.targets
package main

import (
	"bufio"
	cryptorand "crypto/rand"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"net/url"
	"os"
)

// target is one request in vegeta's JSON target format; the body is
// base64 there, which encoding/json does for a []byte.
type target struct {
	Method string              `json:"method"`
	URL    string              `json:"url"`
	Header map[string][]string `json:"header"`
	Body   []byte              `json:"body"`
}

func main() {
	base := flag.String("base", "http://127.0.0.1:8080", "the server's address")
	first := flag.Int("first", 0, "first session number (sessions are bench and 7 digits)")
	last := flag.Int("last", 0, "last session number: each post picks one of first..last at random")
	session := flag.String("session", "", "a session's public id, instead of first..last")
	tag := flag.String("tag", "http", "a word in every email, keeping phases and runs apart")
	n := flag.Int("n", 100000, "how many targets")
	flag.Parse()
	if *last < *first || *n < 1 {
		log.Fatal("targets: want first <= last and n >= 1")
	}

	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	header := map[string][]string{"Content-Type": {"application/x-www-form-urlencoded"}}
	for i := range *n {
		id := *session
		if id == "" {
			id = fmt.Sprintf("bench%07d", *first+rand.IntN(*last-*first+1))
		}
		form := url.Values{
			"token":    {newToken()},
			"name":     {"Bench Person"},
			"email":    {fmt.Sprintf("%s-%d@bench.test", *tag, i)},
			"adults":   {"1"},
			"children": {"0"},
		}
		t := target{Method: "POST", URL: *base + "/sessions/" + id + "/book", Header: header, Body: []byte(form.Encode())}
		if err := enc.Encode(t); err != nil {
			log.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
}

// newToken is a manage-link token as auth.NewToken makes them: 32 random
// bytes, base64url without padding.
func newToken() string {
	b := make([]byte, 32)
	cryptorand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
