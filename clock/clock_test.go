package clock_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/clock"
)

type fake struct {
	mu sync.Mutex
	t  time.Time
}

func (f *fake) Now() time.Time  { f.mu.Lock(); defer f.mu.Unlock(); return f.t }
func (f *fake) set(t time.Time) { f.mu.Lock(); f.t = t; f.mu.Unlock() }

func TestRange(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name string
		at   time.Time
		want bool
	}{
		{"the_first_instant_of_1900_is_in_range", d(1900, 1, 1), true},
		{"an_instant_before_1900_is_out_of_range", d(1899, 12, 31), false},
		{"today_is_in_range", d(2026, 12, 3), true},
		{"the_last_nanosecond_of_2261_is_in_range", d(2262, 1, 1).Add(-1), true},
		{"the_first_instant_of_2262_is_out_of_range", d(2262, 1, 1), false},
		{"an_instant_where_UnixNano_wraps_is_out_of_range", d(2262, 4, 12), false},
		{"the_year_3000_is_out_of_range", d(3000, 1, 1), false},
		{"an_instant_whose_wrapped_UnixNano_lands_in_range_is_out_of_range", time.Unix(0, 0).AddDate(1170, 0, 0), false},
		{"the_zero_time_is_out_of_range", time.Time{}, false},
		{"a_time_in_another_zone_counts_as_its_instant", time.Date(2261, 12, 31, 23, 0, 0, 0, time.FixedZone("UTC-2", -2*3600)), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := clock.InRange(tt.at); got != tt.want {
				t.Fatalf("InRange(%v) = %v, want %v", tt.at, got, tt.want)
			}
			err := clock.Check(tt.at, "expiry")
			if tt.want != (err == nil) {
				t.Fatalf("Check(%v) = %v, want error %v", tt.at, err, !tt.want)
			}
			if err != nil && !errors.Is(err, clock.ErrOutOfRange) {
				t.Fatalf("Check error %v does not match ErrOutOfRange", err)
			}
			if n := clock.Nanos(tt.at); n < clock.MinUnixNano || n > clock.MaxUnixNano {
				t.Fatalf("Nanos(%v) = %d, outside the range", tt.at, n)
			}
		})
	}
}

func TestNanosSaturatesInsteadOfWrapping(t *testing.T) {
	far := time.Date(2400, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := clock.Nanos(far); got != clock.MaxUnixNano {
		t.Fatalf("Nanos(2400) = %d, want MaxUnixNano", got)
	}
	if got := clock.Clamp(far); !got.Equal(clock.Max()) {
		t.Fatalf("Clamp(2400) = %v, want Max", got)
	}
	early := time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := clock.Nanos(early); got != clock.MinUnixNano {
		t.Fatalf("Nanos(1600) = %d, want MinUnixNano", got)
	}
	now := time.Date(2026, 12, 3, 1, 2, 3, 4, time.UTC)
	if got := clock.Clamp(now); !got.Equal(now) {
		t.Fatalf("Clamp(now) = %v, want it unchanged", got)
	}
}

func TestMonotonic(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	f := &fake{t: t0}
	m := clock.NewMonotonic(f)
	if got := m.Now(); !got.Equal(t0) {
		t.Fatalf("first reading %v, want %v", got, t0)
	}
	t.Run("a_clock_stepping_back_reads_as_the_latest_reading", func(t *testing.T) {
		f.set(t0.Add(-time.Hour))
		if got := m.Now(); !got.Equal(t0) {
			t.Fatalf("after a step back: %v, want %v", got, t0)
		}
	})
	t.Run("a_clock_moving_forward_reads_as_itself", func(t *testing.T) {
		f.set(t0.Add(time.Minute))
		if got := m.Now(); !got.Equal(t0.Add(time.Minute)) {
			t.Fatalf("got %v", got)
		}
		f.set(t0)
		if got := m.Now(); !got.Equal(t0.Add(time.Minute)) {
			t.Fatalf("after stepping back a minute: %v, want %v", got, t0.Add(time.Minute))
		}
	})
	t.Run("a_zero_reading_passes_through_for_the_callers_broken_clock_check", func(t *testing.T) {
		f.set(time.Time{})
		if got := m.Now(); !got.IsZero() {
			t.Fatalf("got %v, want the zero time", got)
		}
	})
	t.Run("steps_back_within_the_grain_lose_at_most_the_grain", func(t *testing.T) {
		base := t0.Add(time.Hour)
		f.set(base)
		m.Now()
		f.set(base.Add(500 * time.Microsecond))
		m.Now()
		f.set(base.Add(-time.Hour))
		got := m.Now()
		if got.Before(base) || got.After(base.Add(500*time.Microsecond)) {
			t.Fatalf("got %v, want within a millisecond below the latest reading %v", got, base.Add(500*time.Microsecond))
		}
	})
}

func TestMonotonicConcurrentReadersNeverGoBack(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	f := &fake{t: t0}
	m := clock.NewMonotonic(f)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			prev := time.Time{}
			for i := range 2000 {
				if w == 0 {
					// The writer moves the clock forward and sometimes back.
					step := time.Duration(i) * time.Millisecond
					if i%7 == 0 {
						step = -time.Hour
					}
					f.set(t0.Add(step))
				}
				got := m.Now()
				if !prev.IsZero() && got.Before(prev.Add(-time.Millisecond)) {
					t.Errorf("reading %v is more than a millisecond before an earlier one %v", got, prev)
					return
				}
				prev = got
			}
		}()
	}
	wg.Wait()
}

func BenchmarkMonotonicNow(b *testing.B) {
	m := clock.NewMonotonic(clock.System{})
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			m.Now()
		}
	})
}
