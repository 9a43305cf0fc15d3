// Package consenttest checks implementations of consent.Store against the
// contract documented on that interface, as testing/fstest.TestFS does for
// file systems and testing/slogtest does for slog handlers. It checks
// consent.ChangeFeed too, for a store that implements it.
//
// A store implementer runs the suite from the store's tests, under the race
// detector (go test -race), since several checks append and load from many
// goroutines at once:
//
//	func TestMyStore(t *testing.T) {
//		consenttest.TestStore(t, func(t *testing.T) consent.Store {
//			db := openTestDB(t) // a fresh, empty database, closed with t.Cleanup
//			return mystore.New(db)
//		})
//	}
//
// TestStore runs each sentence of the contract as a subtest, named for it
// (TestMyStore/conflicting_expect_writes_nothing), with a fresh, empty
// store from the factory; a failure quotes the sentence and says how it was
// checked. The factory is called once per subtest and owns the store's
// cleanup. ChangeFeed subtests are skipped for a store without that
// capability. CheckStore runs the same checks and returns what failed as
// joined *ContractError values instead of failing the test. (TestStore is
// what testing/slogtest calls Run, and CheckStore its TestHandler; there is
// no Run here.)
//
// The suite compares events as their canonical encodings
// (consent.Event.MarshalBinary) do: every field, with times as instants to
// the nanosecond (their hashes cover the nanoseconds), while the location
// need not survive and nil and empty slices are the same. A store that
// persists MarshalBinary and decodes with UnmarshalBinary gets this for
// free; one that maps fields to columns must keep nanoseconds.
//
// The suite checks one store value within one process. That acknowledged
// appends survive a restart (the database's promise for a SQL store) is
// for the store's own tests, which can build ledgers with Chain and Seal.
package consenttest
