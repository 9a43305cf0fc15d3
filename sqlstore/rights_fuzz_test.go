package sqlstore

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/rights"
	"github.com/lawfulgo/lawful/subject"
)

// FuzzDecodeRequest: a rights row's body, edited to anything, never
// panics the decoder; what decodes and can be stored again decodes to the
// same request.
func FuzzDecodeRequest(f *testing.F) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 5, time.UTC)
	full := rights.Request{Kind: rights.Delete, Subject: subject.ID{1}, Purposes: []purpose.ID{"account"}, Categories: pii.MustParseSet("contact.email"),
		ID: uuid.UUID{2}, State: rights.Verified, Received: t0, Verified: t0.Add(time.Hour), Term: rights.Term{N: 15, Unit: rights.WorkingDays, From: rights.FromVerification, Cites: "x"},
		History: []rights.Transition{{Action: rights.Receive, To: rights.Received, At: t0, Actor: "web-form"}}, Fee: rights.Fee{Amount: 1, Currency: "CNY"}, Version: 3}
	args, err := requestArgs(&full)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(args[5].(string))
	f.Add(`{}`)
	f.Add(`{"purposes":[],"history":[]}`)
	f.Add(`{"kind":1,"history":[{"action":1,"at_ns":-9223372036854775808}]}`)
	f.Add(`{"interest":"\u0000"}`)
	f.Fuzz(func(t *testing.T, body string) {
		req, err := decodeRequest(make([]byte, 16), 0, 1, 1, body)
		if err != nil {
			return
		}
		args, err := requestArgs(&req)
		if err != nil {
			return // e.g. a NUL the JSON escaped: refused on the way in
		}
		again, err := decodeRequest(args[1].([]byte), args[2].(int64), args[3].(int64), args[4].(int64), args[5].(string))
		if err != nil {
			t.Fatalf("a re-encoded request does not decode: %v", err)
		}
		if !reflect.DeepEqual(again, req) {
			t.Fatalf("round trip changed the request:\n got %+v\nwant %+v", again, req)
		}
	})
}
