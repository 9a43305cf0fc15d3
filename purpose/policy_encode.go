package purpose

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// MarshalJSON encodes p in the policy-file schema that DecodePolicy reads.
// Category sets are written as sorted leaf keys.
func (p Policy) MarshalJSON() ([]byte, error) {
	out := policyJSON{Schema: SchemaVersion, Name: p.Name, Version: p.Version, Controller: controllerJSON{p.Controller.Name, p.Controller.Contact},
		Individuals: p.Individuals, ChildrensRules: p.ChildrensRules}
	if p.Officer != (Officer{}) {
		out.Officer = &controllerJSON{p.Officer.Name, p.Officer.Contact}
	}
	for _, l := range p.Regimes {
		if !l.Valid() {
			return nil, fmt.Errorf("purpose: cannot encode invalid regime %v", l)
		}
		out.Regimes = append(out.Regimes, strings.ToLower(l.String()))
	}
	for _, r := range p.Retention {
		out.Retention = append(out.Retention, retentionJSON(r))
	}
	for _, d := range p.Purposes {
		pj, err := encodePurpose(d)
		if err != nil {
			return nil, err
		}
		out.Purposes = append(out.Purposes, pj)
	}
	return json.Marshal(out)
}

type policyJSON struct {
	Schema     int            `json:"schema"`
	Name       Text           `json:"name"`
	Controller controllerJSON `json:"controller"`
	// Officer, Individuals and ChildrensRules: PIPL arts. 52, 31 para 2.
	Officer        *controllerJSON `json:"officer,omitempty"`
	Individuals    int64           `json:"individuals,omitempty"`
	ChildrensRules string          `json:"childrens_rules,omitempty"`
	Version        string          `json:"version,omitempty"`
	Regimes        []string        `json:"regimes"`
	Retention      []retentionJSON `json:"retention,omitempty"`
	Purposes       []purposeJSON   `json:"purposes"`
}

type controllerJSON struct {
	Name    Text   `json:"name"`
	Contact string `json:"contact,omitempty"`
}

type retentionJSON struct {
	ID      string          `json:"id"`
	Summary Text            `json:"summary"`
	Rule    json.RawMessage `json:"rule,omitempty"`
}

type purposeJSON struct {
	ID          ID                   `json:"id"`
	Name        Text                 `json:"name"`
	Description *Text                `json:"description,omitempty"`
	Core        bool                 `json:"core,omitempty"`
	Versions    []versionJSON        `json:"versions"`
	Categories  categoriesJSON       `json:"categories"`
	Operations  []Operation          `json:"operations"`
	Recipients  []recipientJSON      `json:"recipients,omitempty"`
	Basis       legalJSON            `json:"basis"`
	Bases       map[string]legalJSON `json:"bases,omitempty"`
	Retention   string               `json:"retention,omitempty"`
	Traits      []string             `json:"traits,omitempty"`
}

type versionJSON struct {
	Number   int      `json:"number"`
	Material bool     `json:"material,omitempty"`
	Changes  []string `json:"changes,omitempty"`
	Note     *Text    `json:"note,omitempty"`
}

type categoriesJSON struct {
	Required []string `json:"required,omitempty"`
	Optional []string `json:"optional,omitempty"`
}

type recipientJSON struct {
	Name      string     `json:"name"`
	Role      Role       `json:"role"`
	Country   string     `json:"country,omitempty"`
	Mechanism *Mechanism `json:"mechanism,omitempty"`
	Contact   string     `json:"contact,omitempty"`
	Via       string     `json:"via,omitempty"`
	Approved  bool       `json:"approved,omitempty"`
}

type legalJSON struct {
	Name    Basis    `json:"name"`
	Cites   string   `json:"cites,omitempty"`
	Special *Special `json:"special,omitempty"`
}

func encodeLegal(l Legal) legalJSON {
	out := legalJSON{Name: l.Basis, Cites: l.Cites}
	if l.Special != SpecialNone {
		s := l.Special
		out.Special = &s
	}
	return out
}

func encodePurpose(d Purpose) (purposeJSON, error) {
	pj := purposeJSON{ID: d.ID, Name: d.Name, Core: d.Core, Retention: d.Retention, Basis: encodeLegal(d.Basis), Operations: d.Operations.List()}
	if d.Traits != 0 {
		pj.Traits = strings.Split(d.Traits.String(), ",")
	}
	if !d.Description.IsZero() {
		desc := d.Description
		pj.Description = &desc
	}
	for _, v := range d.Versions {
		vj := versionJSON{Number: v.Number, Material: v.Material}
		if v.Changes != 0 {
			vj.Changes = strings.Split(v.Changes.String(), ",")
		}
		if !v.Note.IsZero() {
			n := v.Note
			vj.Note = &n
		}
		pj.Versions = append(pj.Versions, vj)
	}
	pj.Categories = categoriesJSON{Required: d.Required.Keys(), Optional: d.Optional.Keys()}
	if len(pj.Categories.Required) == 0 {
		pj.Categories.Required = nil
	}
	if len(pj.Categories.Optional) == 0 {
		pj.Categories.Optional = nil
	}
	for _, r := range d.Recipients {
		rj := recipientJSON{Name: r.Name, Role: r.Role, Country: r.Country, Contact: r.Contact, Via: r.Via, Approved: r.Approved}
		if r.Mechanism != MechanismUnknown {
			m := r.Mechanism
			rj.Mechanism = &m
		}
		pj.Recipients = append(pj.Recipients, rj)
	}
	for l, legal := range d.BasisUnder {
		if !l.Valid() {
			return pj, errors.New("purpose: cannot encode basis for invalid regime " + l.String())
		}
		if pj.Bases == nil {
			pj.Bases = map[string]legalJSON{}
		}
		pj.Bases[strings.ToLower(l.String())] = encodeLegal(legal)
	}
	return pj, nil
}
