package auth

import (
	"sync"
	"testing"
	"time"
)

func TestLimiter_AllowsABurstThenOneEveryInterval(t *testing.T) {
	l := NewLimiter(time.Minute, 3)
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := range 3 {
		if w, _ := l.Take("a", now); w != 0 {
			t.Fatalf("try %d: wait %s, want none", i+1, w)
		}
	}
	if w, _ := l.Take("a", now); w != time.Minute {
		t.Errorf("after the burst: wait %s, want 1m", w)
	}
	if w, _ := l.Take("a", now.Add(40*time.Second)); w != 20*time.Second {
		t.Errorf("40s later: wait %s, want 20s", w)
	}
	if w, _ := l.Take("b", now); w != 0 {
		t.Errorf("another key waits %s", w)
	}
	if w, _ := l.Take("a", now.Add(time.Minute)); w != 0 {
		t.Errorf("a minute later: wait %s, want none", w)
	}
	l.Forget("a")
	if w, _ := l.Take("a", now); w != 0 {
		t.Errorf("after Forget: wait %s", w)
	}
}

func TestLimiter_GivingBackDoesNotCount(t *testing.T) {
	l := NewLimiter(time.Minute, 2)
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	for range 10 {
		w, giveBack := l.Take("a", now)
		if w != 0 {
			t.Fatalf("wait %s after tries that were all given back", w)
		}
		giveBack()
	}
}

func TestLimiter_CountsParallelTries(t *testing.T) {
	l := NewLimiter(time.Hour, 5)
	now := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for range 50 {
		wg.Go(func() {
			if w, _ := l.Take("a", now); w == 0 {
				mu.Lock()
				allowed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if allowed != 5 {
		t.Errorf("%d of 50 parallel tries went ahead, want 5", allowed)
	}
}

func TestLimiter_ForgetsKeysThatHaveRefilled(t *testing.T) {
	l := NewLimiter(time.Second, 2)
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := range 1000 {
		l.Take(string(rune('a'+i%26))+time.Duration(i).String(), now)
	}
	if l.Len() != 1000 {
		t.Fatalf("%d keys", l.Len())
	}
	// Two minutes on, every bucket has long refilled: the next call sweeps them.
	l.Take("new", now.Add(2*time.Minute))
	if l.Len() != 1 {
		t.Errorf("%d keys remembered after they refilled, want 1", l.Len())
	}
}
