package sqlstore

import (
	"testing"

	"github.com/lawfulgo/lawful/rights"
)

// TestOpenStatesMatchTheIndex: the open requests' query and partial index
// name the states Received, Verified and Extended by number (1, 2, 3); a
// renumbering of rights.State must fail here, not silently drop requests
// from Open.
func TestOpenStatesMatchTheIndex(t *testing.T) {
	for s := range rights.State(255) {
		if want := s >= 1 && s <= 3; s.Open() != want {
			t.Errorf("rights.State(%d).Open() = %v, the SQL says %v", s, s.Open(), want)
		}
	}
}
