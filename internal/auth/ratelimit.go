package auth

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter is a set of token buckets, one per key (an IP address, an email
// address), kept in this process's memory. Several instances of hubbook
// each keep their own, so the limits are per instance. A key idle long
// enough to have refilled its bucket is forgotten.
type Limiter struct {
	every time.Duration
	burst int

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// NewLimiter allows burst events per key at once, then one every every.
func NewLimiter(every time.Duration, burst int) *Limiter {
	return &Limiter{every: every, burst: burst, buckets: make(map[string]*bucket)}
}

// Take spends one event for key at now if it may go ahead, returning a
// wait of zero and a function that gives the event back (a sign-in that
// succeeded: only failed tries count); otherwise it spends nothing and
// returns how long to wait. Checking and spending at once means parallel
// requests cannot all slip through before any of them is counted.
func (l *Limiter) Take(key string, now time.Time) (wait time.Duration, giveBack func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.get(key, now)
	if tokens := b.lim.TokensAt(now); tokens < 1 {
		return waitFor(tokens, l.every), func() {}
	}
	r := b.lim.ReserveN(now, 1)
	return 0, func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		r.CancelAt(now)
	}
}

// waitFor is how long until a bucket with tokens has one, at one per every;
// to the millisecond, so float error never turns 20s into 21 for
// Retry-After.
func waitFor(tokens float64, every time.Duration) time.Duration {
	return max(time.Duration((1-tokens)*float64(every)).Round(time.Millisecond), time.Millisecond)
}

// Forget clears key's record, as after a successful sign-in.
func (l *Limiter) Forget(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.buckets, key)
}

// get returns key's bucket, made full if new; the caller holds mu. Once a
// minute it drops the buckets that have refilled, so memory stays bounded
// by the keys seen in the last burst × every.
func (l *Limiter) get(key string, now time.Time) *bucket {
	full := time.Duration(l.burst) * l.every
	if now.Sub(l.swept) > time.Minute {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > full {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{lim: rate.NewLimiter(rate.Every(l.every), l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	return b
}

// Len is the number of keys remembered.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
