package aigc

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/lawfulgo/lawful/internal/enum"
	"github.com/lawfulgo/lawful/internal/rule"
	"github.com/lawfulgo/lawful/internal/strictjson"
)

// ErrInvalid: an implicit label or an enum value is malformed or lacks a
// field its role must fill in.
var ErrInvalid = errors.New("aigc: invalid label")

// Label is the generated-content attribute of an implicit label: whether
// the content is generated (GB 45438-2025, the "Label" field).
type Label string

// The attribute values of GB 45438-2025 as reprinted: a provider labels
// its output Generated; a platform labels content PossiblyGenerated when a
// user declares it, SuspectedGenerated when it detects traces (Labelling
// Measures art. 6).
const (
	Generated          Label = "1"
	PossiblyGenerated  Label = "2"
	SuspectedGenerated Label = "3"
)

// Valid reports whether l is one of the three values.
func (l Label) Valid() bool {
	return l == Generated || l == PossiblyGenerated || l == SuspectedGenerated
}

// Bounds of an implicit label.
const (
	// MaxField is the most bytes of one field.
	MaxField = 1024
	// MaxMetadata is the most bytes ParseMetadata reads.
	MaxMetadata = 16 << 10
)

// Metadata is an implicit label (Labelling Measures art. 5; GB
// 45438-2025): the production elements a provider writes and the
// propagation elements a platform adds, embedded in the file's metadata
// (XMP, an ID3 frame, a JSON header: the carrier depends on the format).
// The zero value is empty and invalid for every role.
type Metadata struct {
	// Label is the generated-content attribute.
	Label Label `json:"Label"`
	// ContentProducer is the provider's name or code (a filing number).
	ContentProducer string `json:"ContentProducer"`
	// ProduceID is the provider's number for the content.
	ProduceID string `json:"ProduceID"`
	// ReservedCode1 is the provider's reserved field (such as a digest
	// protecting the label's integrity).
	ReservedCode1 string `json:"ReservedCode1"`
	// ContentPropagator is the propagation platform's name or code.
	ContentPropagator string `json:"ContentPropagator"`
	// PropagateID is the platform's number for the content.
	PropagateID string `json:"PropagateID"`
	// ReservedCode2 is the platform's reserved field.
	ReservedCode2 string `json:"ReservedCode2"`
}

// plain is Metadata without its MarshalJSON.
type plain Metadata

// envelope is the JSON form: the fields under the "AIGC" key.
type envelope struct {
	AIGC plain `json:"AIGC"`
}

// Validate reports what m lacks for role: a Provider writes a valid Label,
// ContentProducer and ProduceID (art. 5); a Platform also
// ContentPropagator and PropagateID (art. 6 para 2). Every field is at
// most MaxField bytes. The error matches ErrInvalid and lists every
// problem.
func (m Metadata) Validate(role Role) error {
	var ps []string
	if !m.Label.Valid() {
		ps = append(ps, fmt.Sprintf("Label %s is not 1 (generated), 2 (possibly) or 3 (suspected)", enum.Quote(string(m.Label))))
	}
	need := func(name, v string) {
		if v == "" {
			ps = append(ps, name+" is empty")
		}
	}
	switch role {
	case Provider:
		need("ContentProducer", m.ContentProducer)
		need("ProduceID", m.ProduceID)
	case Platform:
		need("ContentPropagator", m.ContentPropagator)
		need("PropagateID", m.PropagateID)
	default:
		ps = append(ps, "role "+role.String()+" writes no implicit label; use Provider or Platform")
	}
	for _, f := range m.fields() {
		if len(f.v) > MaxField {
			ps = append(ps, fmt.Sprintf("%s is %d bytes, more than %d", f.name, len(f.v), MaxField))
		}
	}
	if len(ps) == 0 {
		return nil
	}
	return rule.New(ErrInvalid, "aigc: implicit label: "+strings.Join(ps, "; ")+" (Labelling Measures arts. 5-6; GB 45438-2025)")
}

// MarshalJSON encodes m as {"AIGC":{"Label":"1",...}}, every field
// present, in the standard's order.
func (m Metadata) MarshalJSON() ([]byte, error) {
	return json.Marshal(envelope{AIGC: plain(m)})
}

// ParseMetadata parses an implicit label as MarshalJSON writes it. It
// refuses, with an error matching ErrInvalid: more than MaxMetadata bytes,
// anything but one JSON object with the single key "AIGC" holding an
// object of the standard's field names (exact case, no duplicates, no
// others, string values), and fields over MaxField bytes. Fields may be
// missing (empty); call Validate for what a role requires.
func ParseMetadata(data []byte) (Metadata, error) {
	var env envelope
	lim := strictjson.Limits{MaxSize: MaxMetadata, SizeName: "aigc.MaxMetadata", MaxDepth: 2, MaxElements: 16}
	if err := strictjson.Decode(data, &env, lim); err != nil {
		return Metadata{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	m := Metadata(env.AIGC)
	for _, f := range m.fields() {
		if len(f.v) > MaxField {
			return Metadata{}, rule.New(ErrInvalid, fmt.Sprintf("aigc: implicit label field %s of %d bytes, more than %d", f.name, len(f.v), MaxField))
		}
	}
	return m, nil
}

type namedField struct{ name, v string }

func (m Metadata) fields() [7]namedField {
	return [7]namedField{{"Label", string(m.Label)}, {"ContentProducer", m.ContentProducer}, {"ProduceID", m.ProduceID},
		{"ReservedCode1", m.ReservedCode1}, {"ContentPropagator", m.ContentPropagator}, {"PropagateID", m.PropagateID}, {"ReservedCode2", m.ReservedCode2}}
}
