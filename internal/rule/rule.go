// Package rule is the error value every lawful package uses for one broken
// rule: a message written for people that matches a package sentinel with
// errors.Is without repeating the sentinel's text.
package rule

// Error is one broken rule.
type Error struct {
	Sentinel error  // matched by errors.Is
	Msg      string // the whole message
}

// New returns an *Error for sentinel with message msg.
func New(sentinel error, msg string) error { return &Error{Sentinel: sentinel, Msg: msg} }

func (e *Error) Error() string { return e.Msg }

// Is reports whether target is the sentinel.
func (e *Error) Is(target error) bool { return target == e.Sentinel }
