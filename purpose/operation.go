package purpose

import (
	"fmt"
	"math/bits"
	"strings"

	"github.com/lawfulgo/lawful/internal/enum"
)

// Operation is a kind of processing a purpose declares and a request
// performs. Every Operation maps to a processing act of PIPL art. 4:
// Share, Transfer and Export are "provide" (提供), Disclose is "disclose"
// (公开). Deletion is not an Operation; it is package retention's job.
//
// The zero value, OperationUnknown, is never declared and never allowed.
type Operation uint8

const (
	// OperationUnknown is the zero Operation.
	OperationUnknown Operation = iota
	// Collect obtains PI from the person or a third party (收集).
	Collect
	// Use processes PI for the purpose: analyse, compute, decide (使用, 加工).
	Use
	// Store keeps PI (存储). It is the one operation still allowed on data
	// that is restricted pending erasure (PIPL art. 47 para 2).
	Store
	// Share provides PI to another, independent processor (PIPL art. 23).
	Share
	// Entrust hands PI to a processor acting on our instructions (PIPL art. 21).
	Entrust
	// Transfer moves PI to a successor in a merger, division, dissolution or
	// bankruptcy (PIPL art. 22).
	Transfer
	// Disclose makes PI public (PIPL art. 25).
	Disclose
	// Export provides PI to a recipient outside the regime's territory
	// (PIPL arts. 38, 39; GDPR chapter V).
	Export

	numOperations = iota
)

var operationNames = [numOperations]string{"", "collect", "use", "store", "share", "entrust", "transfer", "disclose", "export"}

// Operations lists every valid Operation in declaration order.
func Operations() []Operation {
	return []Operation{Collect, Use, Store, Share, Entrust, Transfer, Disclose, Export}
}

// String returns the stable lower-case name ("collect", ...), or
// "Operation(N)" for the zero value and values out of range.
func (o Operation) String() string {
	if o.Valid() {
		return operationNames[o]
	}
	return fmt.Sprintf("Operation(%d)", uint8(o))
}

// Valid reports whether o is a known, non-zero Operation.
func (o Operation) Valid() bool { return o != OperationUnknown && int(o) < numOperations }

// Provides reports whether o hands PI to someone else (Share, Entrust,
// Transfer, Export) and so must name a declared recipient.
func (o Operation) Provides() bool {
	return o == Share || o == Entrust || o == Transfer || o == Export
}

// MarshalText encodes o as its String; the zero value is an error.
func (o Operation) MarshalText() ([]byte, error) {
	if !o.Valid() {
		return nil, fmt.Errorf("purpose: cannot marshal invalid %v", o)
	}
	return []byte(operationNames[o]), nil
}

// UnmarshalText parses an operation name.
func (o *Operation) UnmarshalText(b []byte) error {
	v, err := ParseOperation(string(b))
	if err != nil {
		return err
	}
	*o = v
	return nil
}

// ParseOperation parses an operation name such as "share".
func ParseOperation(s string) (Operation, error) {
	for i := 1; i < numOperations; i++ {
		if operationNames[i] == s {
			return Operation(i), nil
		}
	}
	return OperationUnknown, rule(ErrInvalidValue, fmt.Sprintf("purpose: unknown operation %s; want one of %s", enum.Quote(s), strings.Join(operationNames[1:], ", ")))
}

// OperationSet is a set of operations. The zero value is empty.
type OperationSet uint16

// OperationsOf returns the set holding ops.
func OperationsOf(ops ...Operation) OperationSet {
	var s OperationSet
	for _, o := range ops {
		s = s.With(o)
	}
	return s
}

// allOperations holds every valid operation.
const allOperations OperationSet = 1<<numOperations - 2

// With returns s plus o; invalid operations are ignored.
func (s OperationSet) With(o Operation) OperationSet {
	if !o.Valid() {
		return s
	}
	return s | 1<<o
}

// Has reports whether o is in s.
func (s OperationSet) Has(o Operation) bool { return o.Valid() && s&(1<<o) != 0 }

// SubsetOf reports whether every operation of s is in t.
func (s OperationSet) SubsetOf(t OperationSet) bool { return s&^t == 0 }

// Minus returns the operations of s not in t.
func (s OperationSet) Minus(t OperationSet) OperationSet { return s &^ t }

// Len returns the number of operations in s.
func (s OperationSet) Len() int { return bits.OnesCount16(uint16(s & allOperations)) }

// List returns the operations of s in declaration order.
func (s OperationSet) List() []Operation {
	var out []Operation
	for i := 1; i < numOperations; i++ {
		if s.Has(Operation(i)) {
			out = append(out, Operation(i))
		}
	}
	return out
}

// String returns the operation names joined by commas, e.g. "collect,use".
func (s OperationSet) String() string {
	var b strings.Builder
	for i, o := range s.List() {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(o.String())
	}
	return b.String()
}
