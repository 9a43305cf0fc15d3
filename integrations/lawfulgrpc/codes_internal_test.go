package lawfulgrpc

import (
	"strings"
	"testing"

	"google.golang.org/grpc/codes"

	"github.com/lawfulgo/lawful"
)

// Every reason lawful knows has its code chosen here, not by the
// fallback: a new reason fails this test until it is placed.
func TestEveryReasonHasAChosenCode(t *testing.T) {
	n := 0
	for r := range lawful.Reason(255) {
		if strings.HasPrefix(r.String(), "Reason(") {
			break
		}
		n++
		if _, ok := reasonCodes[r]; !ok {
			t.Errorf("reason %s has no code in reasonCodes; decide between PermissionDenied and FailedPrecondition (see CodeFor)", r)
		}
	}
	if n != len(reasonCodes) {
		t.Errorf("reasonCodes has %d entries for %d reasons", len(reasonCodes), n)
	}
	if got := CodeFor(lawful.Reason(250)); got != codes.PermissionDenied {
		t.Errorf("an unknown reason is %v, want PermissionDenied", got)
	}
}
